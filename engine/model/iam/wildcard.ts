// IAM wildcard matching: `*` is any run of characters, `?` exactly one. Actions compare without
// regard to case; ARNs compare case-sensitively and, as AWS does, one colon-separated segment at a
// time for the first five segments, so a `*` in the region cannot swallow the account.

const cache = new Map<string, RegExp>();

/**
 * `${*}`, `${?}` in a policy string stand for a literal asterisk and question mark. Substitution
 * (conditions.ts) turns them into these private-use characters, so the matcher can tell them from
 * the wildcards `*` and `?`; `literalText` turns them back for exact comparisons.
 */
export const LITERAL_STAR = '\uE000';
export const LITERAL_QUESTION = '\uE001';

export function literalText(text: string): string {
  return text.replaceAll(LITERAL_STAR, '*').replaceAll(LITERAL_QUESTION, '?');
}

function globRegExp(pattern: string, ignoreCase: boolean): RegExp {
  const key = `${ignoreCase ? 'i' : 's'}${pattern}`;
  let re = cache.get(key);
  if (!re) {
    const body = pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')
      .replaceAll(LITERAL_STAR, '\\*')
      .replaceAll(LITERAL_QUESTION, '\\?');
    re = new RegExp(`^${body}$`, ignoreCase ? 'is' : 's');
    cache.set(key, re);
  }
  return re;
}

export function globMatch(pattern: string, value: string, ignoreCase = false): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*') && !pattern.includes('?')) {
    const text = literalText(pattern);
    return ignoreCase ? text.toLowerCase() === value.toLowerCase() : text === value;
  }
  return globRegExp(pattern, ignoreCase).test(value);
}

/** `s3:Get*` matches `s3:GetObject` and `S3:getobject`. */
export function actionMatches(pattern: string, action: string): boolean {
  return globMatch(pattern, action, true);
}

/** arn:partition:service:region:account:resource — the resource part keeps its own colons. */
export function splitArn(value: string): string[] | undefined {
  if (!value.startsWith('arn:')) return undefined;
  const parts = value.split(':');
  if (parts.length < 6) return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

/**
 * An ARN pattern (a policy's Resource, or an ArnLike value) against a concrete ARN.
 *
 * AWS matches an ARN one colon-separated segment at a time: a wildcard stays inside its segment,
 * except that a `*` ending the last segment written may run on over colons (IAM user guide,
 * "Using wildcards in resource ARNs"). So a pattern with fewer than six segments is no license
 * for a whole-string glob: `arn:aws:ecr:*:repository/app` (no account) does not match
 * `arn:aws:ecr:us-east-1:123456789012:repository/app`, and a short pattern not ending in `*`
 * matches no full ARN.
 */
export function arnMatches(pattern: string, arn: string): boolean {
  if (pattern === '*') return true;
  const v = splitArn(arn);
  if (!pattern.startsWith('arn:') || !v) return globMatch(pattern, arn);
  const p = splitArn(pattern);
  if (p) return p.every((segment, i) => globMatch(segment, v[i]));
  const short = pattern.split(':');
  const last = short.length - 1;
  if (!short[last].endsWith('*')) return false;
  const rest = v.slice(last).join(':');
  return short.slice(0, last).every((segment, i) => globMatch(segment, v[i])) && globMatch(short[last], rest);
}
