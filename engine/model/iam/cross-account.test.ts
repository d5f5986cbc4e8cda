import { describe, expect, it } from 'vitest';
import { evaluateCrossAccount, inAccount, principalContext, statementsFor, type CrossAccountRequest } from './cross-account';
import { parseDocument } from './policy';

// Two accounts: tooling (111…) runs the pipeline, workload (222…) owns the deploy role.
const TOOLING = '111111111111';
const WORKLOAD = '222222222222';
const PIPELINE = { arn: `arn:aws:iam::${TOOLING}:role/pipeline`, account: TOOLING };
const OTHER_TOOLING_ROLE = { arn: `arn:aws:iam::${TOOLING}:role/intern`, account: TOOLING };
const DEPLOY_ROLE = `arn:aws:iam::${WORKLOAD}:role/deploy`;
const ORG = 'o-abc123';

const policy = (name: string, ...statements: Record<string, unknown>[]) => ({ name, statements: parseDocument({ Statement: statements }) });
const allowAssume = policy('pipeline policy', { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: DEPLOY_ROLE });
const trust = (principal: unknown, condition?: unknown) =>
  policy('trust', { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: principal, ...(condition ? { Condition: condition } : {}) });
const orgTrust = trust({ AWS: PIPELINE.arn }, { StringEquals: { 'aws:PrincipalOrgID': ORG } });

const assume = (over: Partial<CrossAccountRequest> = {}, context = principalContext(PIPELINE, { 'aws:PrincipalOrgID': ORG })): CrossAccountRequest => ({
  principal: PIPELINE,
  identity: [allowAssume],
  resourceAccount: WORKLOAD,
  resourcePolicies: [orgTrust],
  request: { action: 'sts:AssumeRole', resource: DEPLOY_ROLE, context, contextComplete: true },
  ...over,
});

describe('cross-account evaluation: identity in one account AND resource policy in the other', () => {
  it('allows when the pipeline policy allows the assume and the trust names the pipeline role within the org', () => {
    const d = evaluateCrossAccount(assume());
    expect(d).toMatchObject({ allowed: true, crossAccount: true, explicitDeny: false });
  });

  it('denies on the identity side when the trust allows but the pipeline policy does not (the resource policy alone is not enough across accounts)', () => {
    const d = evaluateCrossAccount(assume({ identity: [] }));
    expect(d).toMatchObject({ allowed: false, deniedBy: 'identity' });
    expect(d.resource.allowed).toBe(true);
  });

  it('denies on the resource side when the pipeline policy allows but the trust names another role', () => {
    const d = evaluateCrossAccount(assume({ principal: OTHER_TOOLING_ROLE, identity: [allowAssume] }, principalContext(OTHER_TOOLING_ROLE, { 'aws:PrincipalOrgID': ORG })));
    expect(d).toMatchObject({ allowed: false, deniedBy: 'resource' });
    expect(d.identity.allowed).toBe(true);
  });

  it('denies a request without the org id once the trust requires aws:PrincipalOrgID', () => {
    expect(evaluateCrossAccount(assume({}, principalContext(PIPELINE))).allowed).toBe(false);
    expect(evaluateCrossAccount(assume({}, principalContext(PIPELINE, { 'aws:PrincipalOrgID': 'o-someoneelse' }))).allowed).toBe(false);
  });

  it('a trust naming the whole tooling account reaches every role of it (delegation), so the intern is let in when its own policy allows', () => {
    const req = assume({ principal: OTHER_TOOLING_ROLE, resourcePolicies: [trust({ AWS: `arn:aws:iam::${TOOLING}:root` })] }, principalContext(OTHER_TOOLING_ROLE));
    expect(evaluateCrossAccount(req).allowed).toBe(true);
  });

  it('a permissions boundary caps the identity side: the pipeline policy allows, the boundary does not → denied by the boundary', () => {
    const boundary = policy('boundary', { Effect: 'Allow', Action: 'ecr:*', Resource: '*' });
    expect(evaluateCrossAccount(assume({ boundary }))).toMatchObject({ allowed: false, deniedBy: 'boundary' });
  });

  it('an explicit Deny in the trust wins over both Allows', () => {
    const deny = policy('trust', { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: PIPELINE.arn } }, { Effect: 'Deny', Action: 'sts:*', Principal: '*' });
    expect(evaluateCrossAccount(assume({ resourcePolicies: [deny] }))).toMatchObject({ allowed: false, deniedBy: 'resource', explicitDeny: true });
  });

  it('within one account either side is enough, and an account-only Allow in the resource policy grants nothing by itself', () => {
    const sameAccount = { arn: `arn:aws:iam::${WORKLOAD}:role/ci`, account: WORKLOAD };
    const byArn = trust({ AWS: sameAccount.arn });
    const byAccount = trust({ AWS: WORKLOAD });
    const base = { principal: sameAccount, identity: [], request: { action: 'sts:AssumeRole', resource: DEPLOY_ROLE, context: principalContext(sameAccount), contextComplete: true } };
    expect(evaluateCrossAccount({ ...base, resourceAccount: WORKLOAD, resourcePolicies: [byArn] })).toMatchObject({ allowed: true, crossAccount: false });
    expect(evaluateCrossAccount({ ...base, resourceAccount: WORKLOAD, resourcePolicies: [byAccount] })).toMatchObject({ allowed: false, deniedBy: 'identity' });
    expect(evaluateCrossAccount({ ...base, identity: [allowAssume], resourceAccount: WORKLOAD, resourcePolicies: [] }).allowed).toBe(true);
  });

  it('an ECR repository policy without a Resource element governs the repository it is attached to', () => {
    const repo = policy('repo', { Effect: 'Allow', Action: ['ecr:BatchGetImage'], Principal: { AWS: WORKLOAD } });
    const [only] = statementsFor([repo], { arn: DEPLOY_ROLE, account: WORKLOAD }, TOOLING);
    expect(only.statements[0].resources).toEqual(['*']);
    expect(only.statements[0].principals).toBeUndefined();
  });

  it('inAccount rewrites the synthetic account of a stack into that stack\'s account, in ARNs and condition values alike', () => {
    const doc = parseDocument({ Statement: [{ Effect: 'Allow', Action: 'iam:CreateRole', Resource: 'arn:aws:iam::123456789012:role/*', Condition: { StringEquals: { 'iam:PermissionsBoundary': 'arn:aws:iam::123456789012:policy/b' } } }] });
    const [st] = inAccount(doc, '123456789012', WORKLOAD);
    expect(st.resources).toEqual([`arn:aws:iam::${WORKLOAD}:role/*`]);
    expect(st.conditions[0].values).toEqual([`arn:aws:iam::${WORKLOAD}:policy/b`]);
  });
});
