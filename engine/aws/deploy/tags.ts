// The tags every lab resource carries, applied as stack tags at deploy (CloudFormation copies
// stack tags to every resource that supports tags). `lab sweep` finds lab stacks by them.
import { LabError } from '../../errors';

export const TAG_LAB = 'ecs-lab:lab';
export const TAG_WORKSPACE = 'ecs-lab:workspace';
export const TAG_EXPIRES = 'ecs-lab:expires';

/** A lab left running costs money: after this long `lab sweep` treats it as expired. */
export const DEFAULT_TTL_HOURS = 4;
/** A week: longer than any lab session, short enough that a forgotten stack does not run for months. */
const MAX_TTL_HOURS = 7 * 24;

/** `--ttl 90m`, `--ttl 4h`, `--ttl 2d` (or a bare number of hours) → hours. */
export function parseTtl(text: string | undefined): number {
  if (text === undefined) return DEFAULT_TTL_HOURS;
  const m = /^(\d+(?:\.\d+)?)\s*(m|h|d)?$/.exec(text.trim());
  const hours = m ? Number(m[1]) * ({ m: 1 / 60, h: 1, d: 24 } as const)[(m[2] ?? 'h') as 'm' | 'h' | 'd'] : NaN;
  if (!Number.isFinite(hours) || hours <= 0 || hours > MAX_TTL_HOURS) {
    throw new LabError('E_USAGE', `--ttl takes a duration up to ${MAX_TTL_HOURS / 24} days such as 90m, 4h or 2d, not "${text}"`);
  }
  return hours;
}

export function labTags(labId: string, workspace: string, expiresAt: Date): Record<string, string> {
  return { [TAG_LAB]: labId, [TAG_WORKSPACE]: workspace, [TAG_EXPIRES]: expiresAt.toISOString() };
}

/**
 * The workspace tag's value: the workspace folder's absolute path, which is unique on a machine.
 * CloudFormation tag values allow 256 characters, so a long path keeps its end.
 */
export function workspaceTagValue(workspaceDir: string): string {
  const TAG_VALUE_MAX = 256; // https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_Tag.html
  return workspaceDir.length <= TAG_VALUE_MAX ? workspaceDir : workspaceDir.slice(-TAG_VALUE_MAX);
}
