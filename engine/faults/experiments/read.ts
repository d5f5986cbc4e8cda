// Every AWS::FIS::ExperimentTemplate of a stack, read into the shape the FIS API speaks
// (@aws-sdk/client-fis), with the raw template values kept beside it so a check can follow a
// role, an alarm or a target ARN back to the resource of the stack it names.
import type { ExperimentTemplate, ExperimentTemplateAction, ExperimentTemplateTarget } from '@aws-sdk/client-fis';
import type { StackModel } from '../../model/model';

export const EXPERIMENT_TEMPLATE = 'AWS::FIS::ExperimentTemplate';

export interface ExperimentView {
  logicalId: string;
  /** How messages name it: `experiment Chaos/StopTasks/Template`. */
  name: string;
  /** The template as the FIS API would return it, every value resolved. */
  template: ExperimentTemplate & { targets: Record<string, ExperimentTemplateTarget>; actions: Record<string, ExperimentTemplateAction> };
  /** Unresolved template values, for model.targetOf. */
  raw: {
    roleArn: unknown;
    stopConditionValues: unknown[];
    /** Each target's ResourceArns entries, by target name. */
    resourceArns: Record<string, unknown[]>;
  };
}

type Props = Record<string, any>;

const stringMap = (v: unknown): Record<string, string> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Props).map(([k, x]) => [k, String(x)])) : undefined;
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

function readTarget(p: Props): ExperimentTemplateTarget {
  return {
    resourceType: p.ResourceType,
    resourceArns: p.ResourceArns === undefined ? undefined : list(p.ResourceArns).map(String),
    resourceTags: stringMap(p.ResourceTags),
    filters: p.Filters === undefined ? undefined : list(p.Filters).map((f: any) => ({ path: f?.Path, values: list(f?.Values).map(String) })),
    selectionMode: p.SelectionMode,
    parameters: stringMap(p.Parameters),
  };
}

function readAction(p: Props): ExperimentTemplateAction {
  return {
    actionId: p.ActionId,
    description: p.Description,
    parameters: stringMap(p.Parameters),
    targets: stringMap(p.Targets),
    startAfter: p.StartAfter === undefined ? undefined : list(p.StartAfter).map(String),
  };
}

const entries = (v: unknown): [string, Props][] => (v && typeof v === 'object' ? (Object.entries(v) as [string, Props][]) : []);

export function readExperiment(model: StackModel, logicalId: string): ExperimentView {
  const r = model.resource(logicalId);
  if (!r || r.type !== EXPERIMENT_TEMPLATE) throw new Error(`${logicalId} is not an ${EXPERIMENT_TEMPLATE} of this stack`);
  const p = r.props;
  const raw = (r.raw.Properties ?? {}) as Props;
  const log = p.LogConfiguration as Props | undefined;
  return {
    logicalId,
    name: `experiment ${model.describe(logicalId)}`,
    template: {
      id: logicalId,
      description: p.Description,
      roleArn: p.RoleArn === undefined ? undefined : String(p.RoleArn),
      targets: Object.fromEntries(entries(p.Targets).map(([name, t]) => [name, readTarget(t ?? {})])),
      actions: Object.fromEntries(entries(p.Actions).map(([name, a]) => [name, readAction(a ?? {})])),
      stopConditions: list(p.StopConditions).map((s: any) => ({ source: s?.Source, value: s?.Value === undefined ? undefined : String(s.Value) })),
      tags: stringMap(p.Tags),
      logConfiguration: log
        ? {
            logSchemaVersion: log.LogSchemaVersion,
            cloudWatchLogsConfiguration: log.CloudWatchLogsConfiguration ? { logGroupArn: log.CloudWatchLogsConfiguration.LogGroupArn } : undefined,
            s3Configuration: log.S3Configuration ? { bucketName: log.S3Configuration.BucketName, prefix: log.S3Configuration.Prefix } : undefined,
          }
        : undefined,
    },
    raw: {
      roleArn: raw.RoleArn,
      stopConditionValues: list(raw.StopConditions).map((s: any) => s?.Value),
      resourceArns: Object.fromEntries(entries(raw.Targets).map(([name, t]) => [name, list(t?.ResourceArns)])),
    },
  };
}

/** Every experiment template of the stack. */
export function readExperiments(model: StackModel): ExperimentView[] {
  return model.ofType(EXPERIMENT_TEMPLATE).map((r) => readExperiment(model, r.logicalId));
}

/**
 * The experiment a lab names (a construct id or path fragment such as `Chaos`, or a logical id),
 * or undefined when the stack has none or several match.
 */
export function findExperiment(model: StackModel, id: string): ExperimentView | { error: string } {
  if (model.resource(id)?.type === EXPERIMENT_TEMPLATE) return readExperiment(model, id);
  const found = model.findByPath(id, EXPERIMENT_TEMPLATE);
  if (found.length === 1) return readExperiment(model, found[0].logicalId);
  const all = model.ofType(EXPERIMENT_TEMPLATE).map((r) => model.describe(r.logicalId));
  if (found.length === 0) return { error: `the stack has no FIS experiment "${id}"${all.length ? ` (it has ${all.join(', ')})` : ''}` };
  return { error: `"${id}" names ${found.length} FIS experiments (${found.map((r) => model.describe(r.logicalId)).join(', ')}); name one by its longer path` };
}

/** The experiment's action ids (`aws:ecs:stop-task`, …), once each. */
export function actionIds(e: ExperimentView): string[] {
  return [...new Set(Object.values(e.template.actions).flatMap((a) => (a.actionId ? [a.actionId] : [])))];
}
