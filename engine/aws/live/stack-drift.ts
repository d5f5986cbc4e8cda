// Live side of app.no-drift: CloudFormation's own drift detection on the deployed stack. It
// compares each resource's live configuration with the template's for the properties the template
// sets; a change made in the console or through the SDK (a drift break) shows as MODIFIED or DELETED.
import {
  DescribeStackDriftDetectionStatusCommand,
  DetectStackDriftCommand,
  paginateDescribeStackResourceDrifts,
  type DescribeStackDriftDetectionStatusCommandOutput,
  type StackResourceDrift,
} from '@aws-sdk/client-cloudformation';
import type { CheckOutcome, Finding, LiveCheckContext } from '../../types';

/** Detection takes seconds to a few minutes for a lab-sized stack: poll every 5 s, for up to 5 minutes. */
export const DRIFT_POLL_MS = 5_000;
export const DRIFT_MAX_POLLS = 60;
/** Drift statuses worth reporting (IN_SYNC and NOT_CHECKED are not). */
const DRIFTED = ['MODIFIED', 'DELETED'] as const;
/** At most this many property differences per resource in one message. */
const MAX_DIFFS = 3;

export async function stackDrift(ctx: LiveCheckContext<unknown>): Promise<CheckOutcome> {
  const started = await ctx.clients.cloudformation.send(new DetectStackDriftCommand({ StackName: ctx.stackName }));
  const id = started.StackDriftDetectionId;
  if (!id) throw new Error('CloudFormation started no drift detection (no StackDriftDetectionId)');
  const status = await waitForDetection(ctx, id);
  // DETECTION_FAILED still carries results when only some resources could not be checked.
  if (status.DetectionStatus === 'DETECTION_FAILED' && status.StackDriftStatus !== 'DRIFTED') {
    throw new Error(`drift detection failed: ${status.DetectionStatusReason ?? 'no reason given'}`);
  }
  if (status.StackDriftStatus === 'IN_SYNC') return { status: 'pass' };
  const drifts: StackResourceDrift[] = [];
  const pages = paginateDescribeStackResourceDrifts({ client: ctx.clients.cloudformation }, { StackName: ctx.stackName, StackResourceDriftStatusFilters: [...DRIFTED] });
  for await (const page of pages) drifts.push(...(page.StackResourceDrifts ?? []));
  const findings = drifts.map((d) => driftFinding(ctx, d));
  if (findings.length === 0) {
    return status.StackDriftStatus === 'DRIFTED'
      ? { status: 'fail', findings: [{ message: `stack ${ctx.stackName} has drifted, but CloudFormation listed no drifted resource`, hint: 'Open the stack\'s drift results in the CloudFormation console.' }] }
      : { status: 'pass' };
  }
  return { status: 'fail', findings };
}

async function waitForDetection(ctx: LiveCheckContext<unknown>, id: string): Promise<DescribeStackDriftDetectionStatusCommandOutput> {
  for (let i = 0; i < DRIFT_MAX_POLLS; i++) {
    const status = await ctx.clients.cloudformation.send(new DescribeStackDriftDetectionStatusCommand({ StackDriftDetectionId: id }));
    if (status.DetectionStatus !== 'DETECTION_IN_PROGRESS') return status;
    await ctx.sleep(DRIFT_POLL_MS);
  }
  throw new Error(`drift detection ${id} did not finish in ${(DRIFT_POLL_MS * DRIFT_MAX_POLLS) / 60_000} minutes`);
}

function driftFinding(ctx: LiveCheckContext<unknown>, d: StackResourceDrift): Finding {
  const logicalId = d.LogicalResourceId ?? '?';
  const name = `${d.ResourceType ?? 'resource'} ${ctx.model.resource(logicalId) ? ctx.model.describe(logicalId) : logicalId}`;
  if (d.StackResourceDriftStatus === 'DELETED') {
    return ctx.model.finding(logicalId, `${name} was deleted outside the stack`, 'Deploy the stack again (`lab deploy`) to recreate it.');
  }
  const diffs = (d.PropertyDifferences ?? []).map((p) => `${p.PropertyPath ?? '?'} ${p.DifferenceType === 'ADD' ? 'added' : p.DifferenceType === 'REMOVE' ? 'removed' : 'changed'}: expected ${p.ExpectedValue ?? '—'}, actual ${p.ActualValue ?? '—'}`);
  const shown = diffs.slice(0, MAX_DIFFS).join('; ') + (diffs.length > MAX_DIFFS ? `; and ${diffs.length - MAX_DIFFS} more` : '');
  return ctx.model.finding(logicalId, `${name} was changed outside the stack${shown ? ` (${shown})` : ''}`, 'Undo the change in the account (`lab reset` undoes a drift break), or make it in the stack and deploy.');
}
