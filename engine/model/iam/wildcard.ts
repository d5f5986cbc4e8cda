// IAM wildcard matching: `*` is any run of characters, `?` exactly one. Actions compare without
// regard to case; ARNs compare case-sensitively and, as AWS does, one colon-separated segment at a
// time for the first five segments, so a `*` in the region cannot swallow the account.


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

/**
 * `*` and `?` matching in O(pattern × value) at worst, without a regular expression: a policy is
 * the learner's input, and a pattern such as `*a*a*a*a*b` would make a backtracking regex take
 * exponential time. Greedy, keeping only the last `*` to fall back to (the classic algorithm).
 * A literal `*` or `?` of the pattern (see LITERAL_STAR) matches that character in the value.
 */
function wildcardMatch(pattern: string, value: string): boolean {
  let p = 0;
  let v = 0;
  let star = -1;
  let resume = 0;
  while (v < value.length) {
    const c = pattern.charCodeAt(p);
    if (p < pattern.length && (c === QUESTION || (c !== STAR && sameChar(c, value.charCodeAt(v))))) {
      p++;
      v++;
    } else if (p < pattern.length && c === STAR) {
      star = p++;
      resume = v;
    } else if (star >= 0) {
      p = star + 1;
      v = ++resume;
    } else {
      return false;
    }
  }
  while (pattern.charCodeAt(p) === STAR) p++;
  return p === pattern.length;
}

const STAR = 42; // *
const QUESTION = 63; // ?
const LITERAL_STAR_CODE = LITERAL_STAR.charCodeAt(0);
const LITERAL_QUESTION_CODE = LITERAL_QUESTION.charCodeAt(0);

function sameChar(patternChar: number, valueChar: number): boolean {
  if (patternChar === valueChar) return true;
  if (patternChar === LITERAL_STAR_CODE) return valueChar === STAR;
  if (patternChar === LITERAL_QUESTION_CODE) return valueChar === QUESTION;
  return false;
}

type Matcher = (value: string) => boolean;
const anything: Matcher = () => true;

/**
 * A pattern compiled once into a test: the IAM checks match thousands of simulated requests
 * against the same statements, so a literal pattern compares strings and a wildcard one runs the
 * matcher below. The caches are bounded so a huge policy cannot grow them forever.
 */
function compile(pattern: string, ignoreCase: boolean): Matcher {
  if (pattern === '*') return anything;
  if (!pattern.includes('*') && !pattern.includes('?')) {
    const text = literalText(pattern);
    if (!ignoreCase) return (v) => v === text;
    const lower = text.toLowerCase();
    return (v) => v === text || v.toLowerCase() === lower;
  }
  if (!ignoreCase) return (v) => wildcardMatch(pattern, v);
  const lower = pattern.toLowerCase();
  return (v) => wildcardMatch(lower, v.toLowerCase());
}

const MAX_CACHED = 50_000;
const exact = new Map<string, Matcher>();
const caseless = new Map<string, Matcher>();

function matcherFor(pattern: string, ignoreCase: boolean): Matcher {
  const cache = ignoreCase ? caseless : exact;
  let m = cache.get(pattern);
  if (!m) {
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(pattern, (m = compile(pattern, ignoreCase)));
  }
  return m;
}

export function globMatch(pattern: string, value: string, ignoreCase = false): boolean {
  return matcherFor(pattern, ignoreCase)(value);
}

/** `s3:Get*` matches `s3:GetObject` and `S3:getobject`. */
export function actionMatches(pattern: string, action: string): boolean {
  return matcherFor(pattern, true)(action);
}

const actionLists = new WeakMap<readonly string[], Matcher>();

/**
 * Does any pattern of a statement's Action (or NotAction) list match the action? Compiled once
 * per list: the literal actions go in a set of lower-cased names, the wildcards stay patterns.
 */
export function anyActionMatches(patterns: readonly string[], action: string): boolean {
  let m = actionLists.get(patterns);
  if (!m) actionLists.set(patterns, (m = compileActionList(patterns)));
  return m(action);
}

function compileActionList(patterns: readonly string[]): Matcher {
  if (patterns.includes('*')) return anything;
  const literals = new Set<string>();
  const wild: Matcher[] = [];
  for (const p of patterns) {
    if (p.includes('*') || p.includes('?')) wild.push(compile(p, true));
    else literals.add(literalText(p).toLowerCase());
  }
  return (action) => literals.has(action.toLowerCase()) || wild.some((w) => w(action));
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
