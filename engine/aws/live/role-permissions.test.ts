import { IAMClient, SimulatePrincipalPolicyCommand, type EvaluationResult } from '@aws-sdk/client-iam';
import { afterEach, describe, expect, it } from 'vitest';
import { ecsApp, LAB_PARAMS } from '../../../checks/iam/ecs-app.fixture';
import { mockSdk } from '../sdk-mock';
import { partitionOf, taskRolePermissions } from './role-permissions';
import { ACCOUNT, idOf, liveContext } from './test-context';

const iam = mockSdk(IAMClient);
afterEach(() => iam.reset());

const ctx = liveContext(ecsApp().stack, LAB_PARAMS.task);
const roleName = ctx.resources.get(idOf(ctx, 'TaskRole', 'AWS::IAM::Role'))!.physicalId;
const bucket = ctx.resources.get(idOf(ctx, 'Assets', 'AWS::S3::Bucket'))!.physicalId;

type Input = { PolicySourceArn: string; ActionNames: string[]; ResourceArns: string[]; Marker?: string };

/** IAM's answer for a role whose policies allow what `allows` says; matched statements name the policy. */
function simulator(allows: (action: string, resource: string) => string | undefined) {
  return (input: Input) => ({
    IsTruncated: false,
    EvaluationResults: input.ActionNames.map((action): EvaluationResult => {
      const by = allows(action, input.ResourceArns[0]);
      return {
        EvalActionName: action,
        EvalResourceName: input.ResourceArns[0],
        EvalDecision: by ? 'allowed' : 'implicitDeny',
        MatchedStatements: by ? [{ SourcePolicyId: by, SourcePolicyType: by === 'AdministratorAccess' ? ('aws-managed' as const) : ('role' as const) }] : [],
      };
    }),
  });
}

const readOnly = (action: string, resource: string) => (action === 's3:GetObject' && resource.startsWith(`arn:aws:s3:::${bucket}/`) ? 'TaskRoleDefaultPolicy' : undefined);

describe('live: iam.task-role-least-privilege (IAM simulator on the deployed task role)', () => {
  it('Compliance 1: the role reads the bucket\'s objects and nothing else', async () => {
    iam.on(SimulatePrincipalPolicyCommand).callsFake(simulator(readOnly));
    expect(await taskRolePermissions(ctx)).toEqual({ status: 'pass' });
    const inputs = iam.commandCalls(SimulatePrincipalPolicyCommand).map((c) => c.args[0].input as Input);
    expect(new Set(inputs.map((i) => i.PolicySourceArn))).toEqual(new Set([`arn:aws:iam::${ACCOUNT}:role/${roleName}`]));
    expect(inputs.some((i) => i.ActionNames.includes('iam:PassRole') && i.ResourceArns[0] === '*')).toBe(true);
  });

  it('Noncompliance 1: AdministratorAccess attached by hand — writes, other buckets and IAM all allowed', async () => {
    iam.on(SimulatePrincipalPolicyCommand).callsFake(simulator(() => 'AdministratorAccess'));
    const r = await taskRolePermissions(ctx);
    expect(r.status).toBe('fail');
    if (r.status !== 'fail') return;
    const messages = r.findings.map((f) => f.message).join('\n');
    expect(messages).toMatch(new RegExp(`can s3:PutObject on objects of bucket ${bucket} in the account \\(allowed by AdministratorAccess\\)`));
    expect(messages).toMatch(/can s3:GetObject on objects of bucket ecs-lab-another-bucket/);
    expect(messages).toMatch(/can iam:CreateRole on IAM resources/);
    expect(r.findings.every((f) => f.constructPath?.includes('TaskRole'))).toBe(true);
  });

  it('Noncompliance 2: the read policy was detached, so the app cannot read its bucket', async () => {
    iam.on(SimulatePrincipalPolicyCommand).callsFake(simulator(() => undefined));
    const r = await taskRolePermissions(ctx);
    expect(r).toMatchObject({ status: 'fail', findings: [{ message: expect.stringMatching(/cannot s3:GetObject on objects of bucket .* \(IAM's simulator says implicitDeny\)/) }] });
  });

  it('reads every page of the simulator\'s results', async () => {
    let calls = 0;
    iam.on(SimulatePrincipalPolicyCommand).callsFake((input: Input) => {
      calls++;
      const page = simulator(readOnly)(input);
      // The first IAM page stops after one result and hands out a marker for the rest.
      if (!input.Marker && input.ActionNames.includes('iam:CreateUser')) {
        return { ...page, EvaluationResults: page.EvaluationResults.slice(0, 1), IsTruncated: true, Marker: 'm1' };
      }
      if (input.Marker === 'm1') return { IsTruncated: false, EvaluationResults: [{ EvalActionName: 'iam:CreateUser', EvalResourceName: '*', EvalDecision: 'allowed', MatchedStatements: [] }] };
      return page;
    });
    const r = await taskRolePermissions(ctx);
    expect(r.status === 'fail' && r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/can iam:CreateUser on IAM resources/)]);
    expect(calls).toBe(6);
  });

  it('skips when the bucket is not deployed', async () => {
    const c = { ...ctx, resources: new Map([...ctx.resources].filter(([, r]) => r.type !== 'AWS::S3::Bucket')) };
    expect((await taskRolePermissions(c)).status).toBe('skip');
    expect(iam.calls()).toHaveLength(0);
  });

  it('partitionOf', () => {
    expect([partitionOf('eu-west-1'), partitionOf('cn-north-1'), partitionOf('us-gov-west-1')]).toEqual(['aws', 'aws-cn', 'aws-us-gov']);
  });
});
