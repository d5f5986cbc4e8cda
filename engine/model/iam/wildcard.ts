// IAM wildcard matching: `*` is any run of characters, `?` exactly one. Actions compare without
// regard to case; ARNs compare case-sensitively and, as AWS does, one colon-separated segment at a
// time for the first five segments, so a `*` in the region cannot swallow the account.

const cache = new Map<string, RegExp>();

function globRegExp(pattern: string, ignoreCase: boolean): RegExp {
  const key = `${ignoreCase ? 'i' : 's'}${pattern}`;
  let re = cache.get(key);
  if (!re) {
    const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    re = new RegExp(`^${body}$`, ignoreCase ? 'is' : 's');
    cache.set(key, re);
  }
  return re;
}

export function globMatch(pattern: string, value: string, ignoreCase = false): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*') && !pattern.includes('?')) {
    return ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
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

/** An ARN pattern (a policy's Resource, or an ArnLike value) against a concrete ARN. */
export function arnMatches(pattern: string, arn: string): boolean {
  if (pattern === '*') return true;
  const p = splitArn(pattern);
  const v = splitArn(arn);
  if (!p || !v) return globMatch(pattern, arn);
  return p.every((segment, i) => globMatch(segment, v[i]));
}
