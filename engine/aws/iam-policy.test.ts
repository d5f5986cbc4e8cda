// The learner's lab-user policy (docs/aws-iam-policy.json) allows every AWS call the runner
// makes — the calls read from the runner's own source (sdk-calls.ts) — and little else.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, parseDocument, type AccessRequest, type EvaluablePolicy } from '../model/iam';
import { PACKAGE_ROOT } from '../paths';
import { runnerSdkCalls, sdkCallsIn, TOOLKIT_CALLS, type SdkCall } from './sdk-calls';

const policy: EvaluablePolicy = {
  name: 'docs/aws-iam-policy.json',
  statements: parseDocument(JSON.parse(readFileSync(join(PACKAGE_ROOT, 'docs', 'aws-iam-policy.json'), 'utf8'))),
};
const ACCOUNT = '111111111111';
const LAB_TAG = { 'aws:ResourceTag/ecs-lab:lab': 'security/iam-roles' };

/** A lab resource each service's calls act on (tagged as `lab deploy` tags everything). */
const LAB_RESOURCE: Record<string, string> = {
  cloudformation: `arn:aws:cloudformation:eu-west-1:${ACCOUNT}:stack/IamRolesLab/0f1e2d3c`,
  ec2: `arn:aws:ec2:eu-west-1:${ACCOUNT}:security-group/sg-0123456789abcdef0`,
  ecs: `arn:aws:ecs:eu-west-1:${ACCOUNT}:service/IamRolesLab-Cluster/web`,
  elasticloadbalancing: `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:targetgroup/lab/0123456789abcdef`,
  fis: `arn:aws:fis:eu-west-1:${ACCOUNT}:experiment-template/EXT123`,
  iam: `arn:aws:iam::${ACCOUNT}:role/IamRolesLab-TaskRole1234`,
};

function request(call: SdkCall, context: Record<string, string> = LAB_TAG): AccessRequest {
  const service = call.action.split(':')[0];
  return { action: call.action, resource: call.resource ?? LAB_RESOURCE[service] ?? '*', context, contextComplete: true };
}

const allowed = (req: AccessRequest) => evaluate([policy], req, { unknown: 'strict' }).allowed;

describe('the scan of the runner source', () => {
  it('reads commands and paginators, skips type-only imports, and flags waiters it cannot name', () => {
    const src = `import { DescribeStacksCommand, paginateListStacks, type Stack } from '@aws-sdk/client-cloudformation';
import type { GetRoleCommand } from '@aws-sdk/client-iam';
import { waitUntilStackDeleteComplete } from '@aws-sdk/client-cloudformation';
const x = (await import('@aws-sdk/client-fis')).StartExperimentCommand;`;
    const r = sdkCallsIn(src, 'x.ts');
    expect(r.calls.map((c) => c.action)).toEqual(['cloudformation:DescribeStacks', 'cloudformation:ListStacks', 'fis:StartExperiment']);
    expect(r.unknown).toEqual(['x.ts: waiter waitUntilStackDeleteComplete (poll with the Describe command instead, so its calls are listed)']);
  });

  it('finds the calls of the deploy, destroy, sweep and doctor paths, and nothing it cannot name', () => {
    const scan = runnerSdkCalls(join(PACKAGE_ROOT, 'engine'));
    expect(scan.unknown).toEqual([]);
    const actions = new Set(scan.calls.map((c) => c.action));
    for (const a of ['sts:GetCallerIdentity', 'cloudformation:DescribeStacks', 'cloudformation:DeleteStack', 'cloudformation:DescribeStackEvents', 'tag:GetResources', 'iam:GetRole', 'ec2:DescribeVpcs']) {
      expect(actions).toContain(a);
    }
  });
});

describe('docs/aws-iam-policy.json', () => {
  const calls = [...runnerSdkCalls(join(PACKAGE_ROOT, 'engine')).calls, ...TOOLKIT_CALLS];

  it('allows every call the runner and toolkit-lib make on a lab (tagged) resource', () => {
    const denied = calls.filter((c) => !allowed(request(c))).map((c) => `${c.action} (${c.file})`);
    expect(denied).toEqual([]);
    expect(calls.length).toBeGreaterThan(10);
  });

  it('changes nothing that is not a lab resource: the same calls on an untagged resource are refused', () => {
    const mutating = calls.filter((c) => /:(Delete|Cancel|Update|Stop|Start|Authorize|Revoke|Attach|Detach|Put)/.test(c.action));
    for (const c of mutating) expect(allowed(request(c, {})), c.action).toBe(false);
    expect(allowed({ action: 'cloudformation:DeleteStack', resource: LAB_RESOURCE.cloudformation, context: {}, contextComplete: true })).toBe(false);
  });

  it('grants no wildcard action, no way to create stacks or users directly, and assumes only the CDK bootstrap roles', () => {
    const actions = policy.statements.flatMap((s) => s.actions ?? []);
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
    expect(policy.statements.every((s) => s.notActions === undefined && s.notResources === undefined)).toBe(true);
    for (const action of ['cloudformation:CreateStack', 'cloudformation:ExecuteChangeSet', 'iam:CreateUser', 'iam:CreateRole', 'ec2:TerminateInstances', 's3:DeleteBucket', 'iam:CreateAccessKey']) {
      expect(allowed({ action, resource: '*', context: LAB_TAG, contextComplete: true }), action).toBe(false);
    }
    expect(allowed({ action: 'sts:AssumeRole', resource: `arn:aws:iam::${ACCOUNT}:role/OrganizationAccountAccessRole`, context: {}, contextComplete: true })).toBe(false);
    expect(allowed({ action: 'iam:PassRole', resource: `arn:aws:iam::${ACCOUNT}:role/Admin`, context: { 'iam:PassedToService': 'cloudformation.amazonaws.com' }, contextComplete: true })).toBe(false);
  });
});
