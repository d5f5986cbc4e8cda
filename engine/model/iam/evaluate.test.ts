import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate';
import { parseDocument, type EvaluablePolicy } from './policy';

const policy = (name: string, ...Statement: Record<string, unknown>[]): EvaluablePolicy => ({ name, statements: parseDocument({ Statement }) });
const BUCKET = 'arn:aws:s3:::assets';
const OBJECT = `${BUCKET}/report.csv`;

describe('evaluate: allow, explicit deny, implicit deny', () => {
  it('allows what a statement allows and names that statement', () => {
    const p = policy('read', { Effect: 'Allow', Action: 's3:ListBucket', Resource: BUCKET }, { Sid: 'Objects', Effect: 'Allow', Action: 's3:GetObject', Resource: `${BUCKET}/*` });
    const d = evaluate([p], { action: 's3:GetObject', resource: OBJECT });
    expect(d).toMatchObject({ allowed: true, effect: 'allow' });
    expect(d.decidedBy?.policy).toBe(p);
    expect(d.decidedBy?.index).toBe(1);
    expect(d.decidedBy?.statement.sid).toBe('Objects');
  });

  it('lists every Allow that would grant the request on its own', () => {
    const admin = policy('admin', { Effect: 'Allow', Action: '*', Resource: '*' });
    const rw = policy('rw', { Effect: 'Allow', Action: 's3:Get*', Resource: '*' }, { Effect: 'Allow', Action: ['s3:PutObject'], Resource: `${BUCKET}/*` });
    const d = evaluate([admin, rw], { action: 's3:PutObject', resource: OBJECT });
    expect(d.matched.map((m) => [m.policy.name, m.index])).toEqual([['admin', 0], ['rw', 1]]);
    expect(evaluate([admin, rw], { action: 's3:PutObject', resource: 'arn:aws:s3:::other/k' }).matched.map((m) => m.policy.name)).toEqual(['admin']);
  });

  it('denies implicitly what no statement allows', () => {
    const d = evaluate([policy('read', { Effect: 'Allow', Action: 's3:GetObject', Resource: `${BUCKET}/*` })], { action: 's3:PutObject', resource: OBJECT });
    expect(d).toMatchObject({ allowed: false, effect: 'implicit-deny' });
    expect(d.decidedBy).toBeUndefined();
  });

  it('an explicit deny wins over an allow, whichever policy or order it comes in', () => {
    const allow = policy('admin', { Effect: 'Allow', Action: '*', Resource: '*' });
    const deny = policy('guard', { Sid: 'NoDelete', Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' });
    for (const order of [[allow, deny], [deny, allow]]) {
      const d = evaluate(order, { action: 's3:DeleteObject', resource: OBJECT });
      expect(d).toMatchObject({ allowed: false, effect: 'explicit-deny' });
      expect(d.decidedBy?.policy).toBe(deny);
    }
    expect(evaluate([allow, deny], { action: 's3:GetObject', resource: OBJECT }).allowed).toBe(true);
  });

  it('a statement without Resource or NotResource applies to nothing', () => {
    expect(evaluate([policy('broken', { Effect: 'Allow', Action: '*' })], { action: 's3:GetObject', resource: OBJECT }).allowed).toBe(false);
  });
});

describe('evaluate: NotAction and NotResource', () => {
  it('Allow with NotAction allows every other action', () => {
    const p = policy('power', { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' });
    expect(evaluate([p], { action: 's3:PutObject', resource: OBJECT }).allowed).toBe(true);
    expect(evaluate([p], { action: 'iam:CreateUser', resource: 'arn:aws:iam::123456789012:user/x' }).allowed).toBe(false);
    expect(evaluate([p], { action: 'IAM:PassRole', resource: '*' }).allowed).toBe(false);
  });

  it('Deny with NotAction denies everything but the listed actions', () => {
    const p = [policy('all', { Effect: 'Allow', Action: '*', Resource: '*' }), policy('only-s3', { Effect: 'Deny', NotAction: 's3:*', Resource: '*' })];
    expect(evaluate(p, { action: 's3:GetObject', resource: OBJECT }).allowed).toBe(true);
    expect(evaluate(p, { action: 'sqs:SendMessage', resource: 'arn:aws:sqs:us-east-1:123456789012:q' }).effect).toBe('explicit-deny');
  });

  it('Allow with NotResource allows every other resource', () => {
    const p = policy('not-secrets', { Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::secrets/*' });
    expect(evaluate([p], { action: 's3:GetObject', resource: OBJECT }).allowed).toBe(true);
    expect(evaluate([p], { action: 's3:GetObject', resource: 'arn:aws:s3:::secrets/key' }).allowed).toBe(false);
  });

  it('Deny with NotResource fences the role in', () => {
    const p = [policy('all', { Effect: 'Allow', Action: 's3:*', Resource: '*' }), policy('fence', { Effect: 'Deny', Action: 's3:*', NotResource: [BUCKET, `${BUCKET}/*`] })];
    expect(evaluate(p, { action: 's3:GetObject', resource: OBJECT }).allowed).toBe(true);
    expect(evaluate(p, { action: 's3:GetObject', resource: 'arn:aws:s3:::other/key' }).effect).toBe('explicit-deny');
  });
});

describe('evaluate: wildcards', () => {
  it('matches action wildcards without regard to case and resources with it', () => {
    const p = policy('read', { Effect: 'Allow', Action: 'S3:get*', Resource: 'arn:aws:s3:::assets/*' });
    expect(evaluate([p], { action: 's3:GetObject', resource: OBJECT }).allowed).toBe(true);
    expect(evaluate([p], { action: 's3:GetObject', resource: 'arn:aws:s3:::Assets/report.csv' }).allowed).toBe(false);
  });

  it('? matches exactly one character', () => {
    const p = policy('secret', { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-??????' });
    expect(evaluate([p], { action: 'secretsmanager:GetSecretValue', resource: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf' }).allowed).toBe(true);
    expect(evaluate([p], { action: 'secretsmanager:GetSecretValue', resource: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-admin-AbCdEf' }).allowed).toBe(false);
  });

  it('an action that takes no resource is requested on `*`, which only Resource `*` matches', () => {
    const scoped = policy('scoped', { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: 'arn:aws:ecr:us-east-1:123456789012:repository/app' });
    const star = policy('star', { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' });
    expect(evaluate([scoped], { action: 'ecr:GetAuthorizationToken', resource: '*' }).allowed).toBe(false);
    expect(evaluate([star], { action: 'ecr:GetAuthorizationToken', resource: '*' }).allowed).toBe(true);
  });
});

describe('evaluate: conditions', () => {
  const vpceOnly = policy('vpce', { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } });

  it('applies a statement when its conditions hold for the given context', () => {
    expect(evaluate([vpceOnly], { action: 's3:GetObject', resource: OBJECT, context: { 'aws:SourceVpce': 'vpce-1' } }).allowed).toBe(true);
    expect(evaluate([vpceOnly], { action: 's3:GetObject', resource: OBJECT, context: { 'aws:SourceVpce': 'vpce-2' } }).allowed).toBe(false);
  });

  it('StringLike, ArnLike and Bool conditions', () => {
    const p = policy('c', {
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: BUCKET,
      Condition: { StringLike: { 's3:prefix': 'public/*' }, ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/app-*' }, Bool: { 'aws:SecureTransport': 'true' } },
    });
    const ctx = { 's3:prefix': 'public/a', 'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/app-task', 'aws:SecureTransport': true };
    expect(evaluate([p], { action: 's3:ListBucket', resource: BUCKET, context: ctx }).allowed).toBe(true);
    expect(evaluate([p], { action: 's3:ListBucket', resource: BUCKET, context: { ...ctx, 'aws:SecureTransport': false } }).allowed).toBe(false);
    expect(evaluate([p], { action: 's3:ListBucket', resource: BUCKET, context: { ...ctx, 's3:prefix': 'private/a' } }).allowed).toBe(false);
  });

  it('IfExists and ForAnyValue forms', () => {
    const p = policy('c', {
      Effect: 'Allow',
      Action: 's3:PutObject',
      Resource: '*',
      Condition: { StringEqualsIfExists: { 's3:x-amz-acl': 'private' }, 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'team' } },
    });
    const req = (context: Record<string, string | string[]>) => ({ action: 's3:PutObject', resource: OBJECT, context, contextComplete: true });
    expect(evaluate([p], req({ 'aws:TagKeys': ['team', 'x'] })).allowed).toBe(true);
    expect(evaluate([p], req({ 'aws:TagKeys': ['team'], 's3:x-amz-acl': 'public-read' })).allowed).toBe(false);
    expect(evaluate([p], req({ 'aws:TagKeys': ['x'] })).allowed).toBe(false);
  });

  it('an Allow it cannot decide counts in permissive mode and not in strict mode, and is reported either way', () => {
    const req = { action: 's3:GetObject', resource: OBJECT };
    const permissive = evaluate([vpceOnly], req, { unknown: 'permissive' });
    expect(permissive).toMatchObject({ allowed: true, effect: 'allow' });
    expect(permissive.assumptions).toHaveLength(1);
    expect(permissive.assumptions[0]).toMatchObject({ assumed: 'applies', index: 0 });
    expect(permissive.assumptions[0].reasons[0]).toMatch(/aws:SourceVpce/);
    const strict = evaluate([vpceOnly], req, { unknown: 'strict' });
    expect(strict).toMatchObject({ allowed: false, effect: 'implicit-deny' });
    expect(strict.assumptions[0]).toMatchObject({ assumed: 'does not apply' });
  });

  it('a Deny it cannot decide does not count in permissive mode and wins in strict mode', () => {
    const policies = [
      policy('all', { Effect: 'Allow', Action: 's3:*', Resource: '*' }),
      policy('tls', { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } } }),
    ];
    const req = { action: 's3:GetObject', resource: OBJECT, context: { 's3:TlsVersion': '1.3' } };
    const permissive = evaluate(policies, req);
    expect(permissive.allowed).toBe(true);
    expect(permissive.assumptions[0]).toMatchObject({ assumed: 'does not apply' });
    expect(permissive.assumptions[0].reasons[0]).toMatch(/NumericLessThan/);
    const strict = evaluate(policies, req, { unknown: 'strict' });
    expect(strict).toMatchObject({ allowed: false, effect: 'explicit-deny' });
    expect(strict.decidedBy?.policy.name).toBe('tls');
  });

  it('a resource with an unknown policy variable or an unresolved value is undecidable', () => {
    const home = policy('home', { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::assets/home/${aws:username}/*' });
    expect(evaluate([home], { action: 's3:GetObject', resource: 'arn:aws:s3:::assets/home/bob/a' }, { unknown: 'strict' }).allowed).toBe(false);
    expect(evaluate([home], { action: 's3:GetObject', resource: 'arn:aws:s3:::assets/home/bob/a' }).allowed).toBe(true);
    expect(evaluate([home], { action: 's3:GetObject', resource: 'arn:aws:s3:::assets/home/bob/a', context: { 'aws:username': 'bob' } }, { unknown: 'strict' }).allowed).toBe(true);
    // Even with `*` in the variable's place the pattern cannot reach another bucket.
    expect(evaluate([home], { action: 's3:GetObject', resource: 'arn:aws:s3:::other/home/bob/a' }).allowed).toBe(false);
    const imported = policy('imported', { Effect: 'Allow', Action: 's3:GetObject', Resource: 'unresolved:import:shared-bucket-arn' });
    const d = evaluate([imported], { action: 's3:GetObject', resource: OBJECT });
    expect(d.allowed).toBe(true);
    expect(d.assumptions[0].reasons[0]).toMatch(/could not be resolved offline/);
  });
});

describe('evaluate: evaluator details (issue 7, item 9)', () => {
  it('`${*}` in a Resource is a literal asterisk, not a wildcard', () => {
    const p = policy('literal', { Effect: 'Allow', Action: 's3:GetObject', Resource: `${BUCKET}/\${*}` });
    expect(evaluate([p], { action: 's3:GetObject', resource: `${BUCKET}/*` }).allowed).toBe(true);
    expect(evaluate([p], { action: 's3:GetObject', resource: OBJECT }).allowed).toBe(false);
  });

  it('a policy variable with a default takes the key when present, the default when the key is absent', () => {
    const p = policy('team', { Effect: 'Allow', Action: 's3:GetObject', Resource: `${BUCKET}/\${aws:PrincipalTag/team, 'shared'}/*` });
    const ask = (context: Record<string, string>, resource: string) =>
      evaluate([p], { action: 's3:GetObject', resource, context, contextComplete: true }, { unknown: 'strict' }).allowed;
    expect(ask({ 'aws:PrincipalTag/team': 'red' }, `${BUCKET}/red/x`)).toBe(true);
    expect(ask({ 'aws:PrincipalTag/team': 'red' }, `${BUCKET}/blue/x`)).toBe(false);
    expect(ask({}, `${BUCKET}/shared/x`)).toBe(true);
    expect(ask({}, `${BUCKET}/red/x`)).toBe(false);
  });

  it('an Effect other than "Allow" or "Deny" is an error, never an Allow', () => {
    for (const Effect of ['allow', 'Permit', undefined]) {
      expect(() => policy('bad', { Sid: 'Odd', Effect, Action: '*', Resource: '*' })).toThrow(/statement #1 \(Sid Odd\) has Effect .*IAM accepts only "Allow" or "Deny"/);
    }
  });

  it('a short ARN pattern is matched segment by segment, not as a whole-string glob', () => {
    const p = policy('short', { Effect: 'Allow', Action: 'ecr:BatchGetImage', Resource: 'arn:aws:ecr:*:repository/app' });
    expect(evaluate([p], { action: 'ecr:BatchGetImage', resource: 'arn:aws:ecr:us-east-1:123456789012:repository/app' }).allowed).toBe(false);
  });
});
