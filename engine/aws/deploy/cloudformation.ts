// The CloudFormation side of the aws target that needs no cloud assembly: a stack's status and
// tags, its events as they happen, and deleting it. Deleting needs nothing but the stack's
// name, so `lab destroy` works after a Ctrl-C, with a broken stack file, or from `lab sweep`.
import {
  CancelUpdateStackCommand,
  CloudFormationClient,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  type StackEvent,
} from '@aws-sdk/client-cloudformation';
import { LabError } from '../../errors';

export interface StackState {
  stackId: string;
  name: string;
  status: string;
  reason?: string;
  tags: Record<string, string>;
  outputs: Record<string, string>;
}

/** The polling interval for stack events, as the CDK CLI uses (5 s is its default too). */
export const POLL_MS = 5_000;

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((r) => setTimeout(r, ms));

type Cfn = Pick<CloudFormationClient, 'send'>;

const isMissing = (e: unknown): boolean => e instanceof Error && e.name === 'ValidationError' && /does not exist/.test(e.message);

/** The stack by name or id; undefined when it does not exist (or was deleted, by name). */
export async function describeStack(cfn: Cfn, nameOrId: string): Promise<StackState | undefined> {
  try {
    const out = await cfn.send(new DescribeStacksCommand({ StackName: nameOrId }));
    const s = out.Stacks?.[0];
    if (!s) return undefined;
    return {
      stackId: s.StackId ?? nameOrId,
      name: s.StackName ?? nameOrId,
      status: s.StackStatus ?? 'UNKNOWN',
      reason: s.StackStatusReason,
      tags: Object.fromEntries((s.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
      outputs: Object.fromEntries((s.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? ''])),
    };
  } catch (e) {
    if (isMissing(e)) return undefined;
    throw e;
  }
}

/** Events newer than `since`, oldest first, following every page (a big stack has hundreds). */
export async function eventsSince(cfn: Cfn, stackId: string, since: Date): Promise<StackEvent[]> {
  const out: StackEvent[] = [];
  let token: string | undefined;
  do {
    const page = await cfn.send(new DescribeStackEventsCommand({ StackName: stackId, NextToken: token }));
    const events = page.StackEvents ?? [];
    // Pages come newest first: once an event is older than `since`, the rest are too.
    const fresh = events.filter((e) => e.Timestamp && e.Timestamp > since);
    out.push(...fresh);
    token = fresh.length === events.length ? page.NextToken : undefined;
  } while (token);
  return out.reverse();
}

const IN_PROGRESS = /_IN_PROGRESS$/;
/** In-progress states DeleteStack accepts (or is already doing): CloudFormation cancels a create. */
const DELETABLE_NOW = new Set(['CREATE_IN_PROGRESS', 'REVIEW_IN_PROGRESS', 'DELETE_IN_PROGRESS']);

export interface DeleteOptions {
  onEvent?: (e: StackEvent) => void;
  sleep?: Sleep;
  pollMs?: number;
  /** Give up waiting after this long (CloudFormation goes on deleting); 1 h covers a VPC with a NAT. */
  timeoutMs?: number;
}

const DELETE_TIMEOUT_MS = 60 * 60 * 1000;

/**
 * Deletes the stack and follows it to the end. Idempotent: a stack already gone is 'absent'.
 * A stack still changing is waited for (an update is cancelled first); one stuck in
 * UPDATE_ROLLBACK_FAILED or DELETE_FAILED is deleted again, which CloudFormation allows.
 */
export async function deleteStack(cfn: Cfn, name: string, opts: DeleteOptions = {}): Promise<'deleted' | 'absent'> {
  const sleep = opts.sleep ?? realSleep;
  const pollMs = opts.pollMs ?? POLL_MS;
  const deadline = Date.now() + (opts.timeoutMs ?? DELETE_TIMEOUT_MS);
  let stack = await describeStack(cfn, name);
  if (!stack || stack.status === 'DELETE_COMPLETE') return 'absent';
  const since = new Date(Date.now() - 1000);
  if (stack.status === 'UPDATE_IN_PROGRESS') await cfn.send(new CancelUpdateStackCommand({ StackName: stack.stackId }));
  // A create (and a stack made only to hold a change set) may be deleted at once; other changes must end first.
  while (stack && IN_PROGRESS.test(stack.status) && !DELETABLE_NOW.has(stack.status)) {
    if (Date.now() > deadline) throw stillBusy(name, stack.status);
    await sleep(pollMs);
    stack = await describeStack(cfn, stack.stackId);
  }
  if (!stack || stack.status === 'DELETE_COMPLETE') return 'absent';
  const stackId = stack.stackId;
  if (stack.status !== 'DELETE_IN_PROGRESS') await cfn.send(new DeleteStackCommand({ StackName: stackId }));
  let seen = since;
  const failures: string[] = [];
  for (;;) {
    await sleep(pollMs);
    for (const e of await eventsSince(cfn, stackId, seen)) {
      seen = e.Timestamp ?? seen;
      opts.onEvent?.(e);
      if (e.ResourceStatus === 'DELETE_FAILED' && e.LogicalResourceId !== stack.name) failures.push(`${e.LogicalResourceId} (${e.ResourceType}): ${e.ResourceStatusReason ?? 'no reason given'}`);
    }
    // By id, a deleted stack is still described (DELETE_COMPLETE) instead of "does not exist".
    const now = await describeStack(cfn, stackId);
    if (!now || now.status === 'DELETE_COMPLETE') return 'deleted';
    if (now.status === 'DELETE_FAILED') {
      throw new LabError(
        'E_AWS',
        `stack ${name} could not be deleted (DELETE_FAILED${failures[0] ? `: ${failures[0]}` : now.reason ? `: ${now.reason}` : ''}) — fix or empty that resource, then run \`lab destroy\` again`,
        failures.slice(1),
      );
    }
    if (Date.now() > deadline) throw stillBusy(name, now.status);
  }
}

const stillBusy = (name: string, status: string) =>
  new LabError('E_AWS', `stack ${name} is still ${status} after an hour — CloudFormation carries on; run \`lab destroy\` again later`);
