import { describe, expect, it } from 'vitest';
import { actionMatches, anyActionMatches, arnMatches, globMatch, LITERAL_QUESTION, LITERAL_STAR } from './wildcard';

describe('IAM wildcards', () => {
  it('actions match without regard to case, with * and ?', () => {
    expect(actionMatches('s3:Get*', 's3:GetObject')).toBe(true);
    expect(actionMatches('S3:getobject', 's3:GetObject')).toBe(true);
    expect(actionMatches('s3:GetObjec?', 's3:GetObject')).toBe(true);
    expect(actionMatches('s3:GetObjec?', 's3:GetObjects')).toBe(false);
    expect(actionMatches('s3:Get*', 's3:PutObject')).toBe(false);
    expect(actionMatches('*', 'iam:CreateUser')).toBe(true);
  });

  it('ARNs match case-sensitively', () => {
    expect(arnMatches('arn:aws:s3:::Assets/*', 'arn:aws:s3:::assets/key')).toBe(false);
    expect(arnMatches('arn:aws:s3:::assets/*', 'arn:aws:s3:::assets/key')).toBe(true);
  });

  it('a * in the resource part spans slashes and colons', () => {
    expect(arnMatches('arn:aws:s3:::assets*', 'arn:aws:s3:::assets/a/b')).toBe(true);
    expect(arnMatches('arn:aws:logs:us-east-1:123456789012:log-group:app:*', 'arn:aws:logs:us-east-1:123456789012:log-group:app:log-stream:x')).toBe(true);
  });

  it('a * in one of the first five segments stays inside that segment', () => {
    // A whole-string glob would let `*` in the region run on over the account.
    expect(arnMatches('arn:aws:ecr:*:123456789012:repository/app', 'arn:aws:ecr:eu-west-1:123456789012:repository/app')).toBe(true);
    expect(arnMatches('arn:aws:ecr:*:123456789012:repository/app', 'arn:aws:ecr:eu-west-1:999999999999:repository/app')).toBe(false);
    expect(globMatch('arn:aws:ecr:*:123456789012:repository/app', 'arn:aws:ecr:eu:x:123456789012:repository/app')).toBe(true);
    expect(arnMatches('arn:aws:ecr:*:123456789012:repository/app', 'arn:aws:ecr:eu:x:123456789012:repository/app')).toBe(false);
  });

  it('`*` alone matches a wildcard-only request, an ARN pattern does not', () => {
    expect(arnMatches('*', '*')).toBe(true);
    expect(arnMatches('arn:aws:ecr:us-east-1:123456789012:repository/app', '*')).toBe(false);
  });

  it('regular-expression characters in patterns are literal', () => {
    expect(globMatch('a.b', 'axb')).toBe(false);
    expect(globMatch('a+b(c)', 'a+b(c)')).toBe(true);
  });
});

describe('IAM wildcards: short ARN patterns and literal characters', () => {
  it('a pattern with fewer than six segments matches segment by segment; only a final * runs on over colons', () => {
    expect(arnMatches('arn:aws:ecr:*:repository/app', 'arn:aws:ecr:us-east-1:123456789012:repository/app')).toBe(false);
    expect(arnMatches('arn:aws:iam::*x', 'arn:aws:iam::123456789012:role/x')).toBe(false);
    expect(arnMatches('arn:aws:s3:*', 'arn:aws:s3:::bucket/key')).toBe(true);
    expect(arnMatches('arn:aws:iam::*', 'arn:aws:iam::123456789012:role/x')).toBe(true);
    expect(arnMatches('arn:aws:s3:*', 'arn:aws:ecr:us-east-1:123456789012:repository/app')).toBe(false);
    expect(arnMatches('arn:aws:s3', 'arn:aws:s3:::bucket')).toBe(false);
  });

  it('a * in the resource segment spans slashes, as AWS documents (arn:aws:s3:::b* covers bucket/key)', () => {
    expect(arnMatches('arn:aws:s3:::b*', 'arn:aws:s3:::bucket/key')).toBe(true);
    expect(arnMatches('arn:aws:s3:::b*', 'arn:aws:s3:::other/key')).toBe(false);
  });

  it('the literal markers of ${*} and ${?} match only the characters themselves', () => {
    expect(globMatch(`a${LITERAL_STAR}`, 'a*')).toBe(true);
    expect(globMatch(`a${LITERAL_STAR}`, 'abc')).toBe(false);
    expect(globMatch(`a${LITERAL_QUESTION}*`, 'a?bc')).toBe(true);
    expect(globMatch(`a${LITERAL_QUESTION}*`, 'abc')).toBe(false);
  });

  it('a statement\'s action list matches literals without regard to case, and its wildcards', () => {
    const list = ['s3:GetObject', 'KMS:decrypt', 'ecr:Batch*'];
    expect(anyActionMatches(list, 's3:getobject')).toBe(true);
    expect(anyActionMatches(list, 'kms:Decrypt')).toBe(true);
    expect(anyActionMatches(list, 'ecr:BatchGetImage')).toBe(true);
    expect(anyActionMatches(list, 'ecr:GetAuthorizationToken')).toBe(false);
    expect(anyActionMatches([], 's3:GetObject')).toBe(false);
    expect(anyActionMatches(['*'], 'iam:PassRole')).toBe(true);
  });
  it('many wildcards against a long value decide at once (no backtracking blow-up on a learner\'s policy)', () => {
    // A backtracking regular expression needs about 100^20 steps for this; the matcher needs 2,000.
    const pattern = `${'*a'.repeat(20)}b`;
    const value = 'a'.repeat(100);
    expect(globMatch(pattern, value)).toBe(false);
    expect(globMatch(pattern, `${value}b`)).toBe(true);
    expect(actionMatches(pattern.toUpperCase(), value)).toBe(false);
    expect(arnMatches(`arn:aws:s3:::${'*a'.repeat(20)}b`, `arn:aws:s3:::${value}`)).toBe(false);
  });
  it('* matches the empty string and runs of any characters; ? exactly one', () => {
    expect(globMatch('a*', 'a')).toBe(true);
    expect(globMatch('*', '')).toBe(true);
    expect(globMatch('a?', 'a')).toBe(false);
    expect(globMatch('a**b', 'ab')).toBe(true);
    expect(globMatch('*b*', 'xxbyy')).toBe(true);
    expect(globMatch('a*b*c', 'aXbYbZc')).toBe(true);
    expect(globMatch('a*b*c', 'aXbYbZ')).toBe(false);
    expect(globMatch('a\nb', 'a\nb')).toBe(true);
    expect(globMatch('a?b', 'a\nb')).toBe(true);
  });
});
