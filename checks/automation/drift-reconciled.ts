import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readUntrustedJson } from '../../engine/synth/assembly';
import type { StackModel } from '../../engine/model/model';
import { defineCheck, type Finding } from '../../engine/types';

/** What to do with one difference between the account and the template. */
export type DriftDecision = 'adopt' | 'revert';

interface Decided {
  logicalId: string;
  /** The PropertyPath of the drift result, a JSON pointer into the resource's Properties. */
  path: string;
  decision: DriftDecision;
}

interface Params {
  /** The drift snapshot in the workspace (DescribeStackResourceDrifts output). */
  snapshot: string;
  decisions: Decided[];
}

/** One entry of `aws cloudformation describe-stack-resource-drifts` (the fields read here). */
interface ResourceDrift {
  LogicalResourceId?: string;
  ResourceType?: string;
  StackResourceDriftStatus?: string;
  PropertyDifferences?: { PropertyPath?: string; ExpectedValue?: string; ActualValue?: string; DifferenceType?: string }[];
}

/**
 * The template reconciles the drift recorded in the snapshot: every console change the review
 * keeps is now in the code (the template has the account's value), and every change it rejects is
 * not (the template still has its own value, so the next deploy puts it back). With the aws
 * target the live side is CloudFormation's own drift detection on the deployed stack (app.no-drift).
 */
export const driftReconciled = defineCheck<Params>({
  id: 'automation.drift-reconciled',
  title: 'Every drifted property is brought into the code or reverted, as decided',
  severity: 'high',
  why:
    'Drift is a difference between the account and the code, and the next deploy settles it the code’s way. A console change ' +
    'worth keeping must move into the template, or the next deploy silently undoes it; a change that should never have been made ' +
    'must stay out of the template, so the deploy reverts it. Copying every live value into the code is not reconciling: it ' +
    'makes the mistake permanent.',
  refs: {
    wellArchitected: ['OPS05-BP10 Fully automate integration and deployment'],
    docs: [
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-stack-drift.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStackResourceDrifts.html',
    ],
  },
  params: (raw) => {
    const snapshot = raw.snapshot;
    if (typeof snapshot !== 'string' || snapshot.startsWith('/') || snapshot.includes('..')) throw new Error('snapshot must be a workspace-relative path');
    const decisions = raw.decisions;
    if (!Array.isArray(decisions) || !decisions.length) throw new Error('decisions must list the drifted properties and what to do with each');
    for (const d of decisions as Decided[]) {
      if (typeof d?.logicalId !== 'string' || typeof d.path !== 'string' || (d.decision !== 'adopt' && d.decision !== 'revert')) throw new Error(`bad decision ${JSON.stringify(d)}`);
    }
    return { snapshot, decisions: decisions as Decided[] };
  },
  offline({ model, params, workspaceDir }) {
    if (!workspaceDir) return { status: 'skip', reason: 'no workspace: the drift snapshot is not available' };
    const file = join(workspaceDir, params.snapshot);
    const at = { file: params.snapshot, line: 1, column: 1 };
    if (!existsSync(file)) return { status: 'fail', findings: [{ message: `the drift snapshot ${params.snapshot} is missing`, location: at, hint: '`lab reset` restores it.' }] };
    const drifts = readDrifts(workspaceDir, file);
    const findings: Finding[] = [];
    for (const d of params.decisions) {
      const diff = drifts.find((r) => r.LogicalResourceId === d.logicalId)?.PropertyDifferences?.find((p) => p.PropertyPath === d.path);
      if (!diff) {
        // The lab's copy decides what drifted: an edited snapshot cannot make a difference disappear.
        findings.push({ message: `${params.snapshot} no longer records the drift of ${d.logicalId}${d.path}`, location: at, hint: 'Put the snapshot back as it was (`lab reset` restores it); reconcile in the code, not in the record.' });
        continue;
      }
      const finding = judge(model, d, diff.ExpectedValue, diff.ActualValue);
      if (finding) findings.push(finding);
    }
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
  // The same question asked of the deployed stack: CloudFormation's drift detection (app.no-drift's live side).
  live: async (ctx) => (await import('../../engine/aws/live/stack-drift')).stackDrift(ctx),
});

function readDrifts(workspaceDir: string, file: string): ResourceDrift[] {
  const doc = readUntrustedJson(workspaceDir, file) as { StackResourceDrifts?: unknown };
  return Array.isArray(doc?.StackResourceDrifts) ? (doc.StackResourceDrifts as ResourceDrift[]) : [];
}

function judge(model: StackModel, d: Decided, expected: string | undefined, actual: string | undefined): Finding | undefined {
  const resource = model.resource(d.logicalId);
  if (!resource) return { message: `${d.logicalId}, which drifted in the account, is no longer in the template: deleting it from the code is not reconciling it`, logicalId: d.logicalId, hint: 'Keep the resource and reconcile the drifted property.' };
  const value = valueAt(resource.props, d.path);
  const has = (v: string | undefined) => v !== undefined && same(value, v);
  const name = `${model.describe(d.logicalId)} ${d.path}`;
  if (d.decision === 'adopt' && !has(actual)) {
    return model.finding(d.logicalId, `${name}: the account has ${actual} (changed outside the stack), the template ${show(value)}; the next deploy undoes a change the review keeps`, 'Bring the account’s value into the code.');
  }
  if (d.decision === 'revert' && has(actual)) {
    return model.finding(d.logicalId, `${name}: the template now has the account’s ${actual} (expected ${expected ?? '—'}), a console change the review rejected`, 'Keep the template’s own value, so the next deploy reverts the console change.');
  }
  return undefined;
}

/** The value at a JSON pointer (`/DeploymentConfiguration/DeploymentCircuitBreaker/Rollback`). */
export function valueAt(root: unknown, pointer: string): unknown {
  let cur: unknown = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** Drift results carry values as JSON text (`"3"`, `"true"`, `"{…}"`); the template has them typed. */
function same(value: unknown, text: string): boolean {
  if (value === undefined) return false;
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // a bare string
  }
  return JSON.stringify(value) === JSON.stringify(parsed) || String(value) === text;
}

function show(value: unknown): string {
  return value === undefined ? 'does not set it' : `says ${JSON.stringify(value)}`;
}
