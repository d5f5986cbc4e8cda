// `lab sweep`: lab stacks left running. Found by their `ecs-lab:lab` tag (Resource Groups Tagging
// API, every page), confirmed with CloudFormation (status and tags now), and offered for deletion
// when expired (`ecs-lab:expires` passed) or orphaned (their workspace no longer records them).
import { existsSync } from 'node:fs';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { GetResourcesCommand, type ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { hasState, readState } from '../workspace/state';
import { describeStack } from './deploy/cloudformation';
import { TAG_EXPIRES, TAG_LAB, TAG_WORKSPACE } from './deploy/tags';

export interface LabStack {
  stackId: string;
  name: string;
  status: string;
  lab: string;
  workspace: string;
  expiresAt?: string;
  /** Why it may be swept; none when it is live and its workspace still owns it. */
  reasons: string[];
}

/** Every CloudFormation stack tagged `ecs-lab:lab` in the clients' region. */
export async function findLabStackArns(tagging: Pick<ResourceGroupsTaggingAPIClient, 'send'>): Promise<string[]> {
  const arns: string[] = [];
  let token: string | undefined;
  do {
    const page = await tagging.send(
      new GetResourcesCommand({ TagFilters: [{ Key: TAG_LAB }], ResourceTypeFilters: ['cloudformation:stack'], PaginationToken: token || undefined }),
    );
    for (const r of page.ResourceTagMappingList ?? []) if (r.ResourceARN) arns.push(r.ResourceARN);
    token = page.PaginationToken; // the API ends with an empty string, not undefined
  } while (token);
  return arns;
}

/** Does the workspace named by the tag still record this stack as its deployment? */
export function ownedByWorkspace(workspaceDir: string, stackName: string, account: string, region: string): boolean {
  if (!workspaceDir || !existsSync(workspaceDir) || !hasState(workspaceDir)) return false;
  try {
    const dep = readState(workspaceDir).deployment;
    return !!dep && dep.stackName === stackName && dep.account === account && dep.region === region;
  } catch {
    return false;
  }
}

export function sweepReasons(tags: Record<string, string>, owned: boolean, now: Date): string[] {
  const reasons: string[] = [];
  const expires = Date.parse(tags[TAG_EXPIRES] ?? '');
  if (Number.isNaN(expires)) reasons.push(`no valid ${TAG_EXPIRES} tag`);
  else if (expires <= now.getTime()) reasons.push(`expired ${tags[TAG_EXPIRES]}`);
  if (!owned) reasons.push(`orphaned: no workspace at ${tags[TAG_WORKSPACE] || '(untagged)'} records it on this machine`);
  return reasons;
}

export async function findLabStacks(
  clients: { tagging: Pick<ResourceGroupsTaggingAPIClient, 'send'>; cloudformation: Pick<CloudFormationClient, 'send'> },
  where: { account: string; region: string },
  now: Date,
): Promise<LabStack[]> {
  const out: LabStack[] = [];
  for (const arn of await findLabStackArns(clients.tagging)) {
    // The tagging API lags behind: CloudFormation says what the stack is now.
    const s = await describeStack(clients.cloudformation, arn);
    if (!s || s.status === 'DELETE_COMPLETE' || !s.tags[TAG_LAB]) continue;
    const workspace = s.tags[TAG_WORKSPACE] ?? '';
    const owned = ownedByWorkspace(workspace, s.name, where.account, where.region);
    out.push({ stackId: s.stackId, name: s.name, status: s.status, lab: s.tags[TAG_LAB], workspace, expiresAt: s.tags[TAG_EXPIRES], reasons: sweepReasons(s.tags, owned, now) });
  }
  return out;
}
