// Short exact answers compared after normalising, so "443 " and "443", "ECR:BatchGetImage" and
// "ecr:batchgetimage", "10.0.0.7/16" and "10.0.0.0/16" are the same answer. No regular expression
// here runs anything but linear scans over the learner's text.
import { parseCidr } from '../model/network/cidr';
import type { ExactItem } from './schema';

type Format = ExactItem['format'];

/** Drops surrounding quotes, backticks and a final full stop a learner may add out of habit. */
function unwrap(value: string): string {
  let v = value.normalize('NFKC').trim();
  for (;;) {
    const first = v[0];
    const last = v[v.length - 1];
    if (v.length >= 2 && first === last && (first === '`' || first === '"' || first === "'")) v = v.slice(1, -1).trim();
    else if (v.endsWith('.') && !v.endsWith('..')) v = v.slice(0, -1).trim();
    else return v;
  }
}

const collapse = (s: string) => s.split(/\s+/).filter(Boolean).join(' ');

/**
 * The canonical form of an answer in a format, or undefined when it is not one (a word for a
 * number, a malformed CIDR). Numbers come back as a decimal string.
 */
export function parseExact(value: string, format: Format): string | undefined {
  const v = unwrap(value);
  if (!v) return undefined;
  switch (format) {
    case 'text':
      return collapse(v).toLowerCase();
    case 'number': {
      // Thousands separators and spaces ("1,000", "1 000", "1_000") are read away.
      const n = Number(v.split(/[\s,_]/).join(''));
      return Number.isFinite(n) && /\d/.test(v) ? String(n) : undefined;
    }
    case 'cidr': {
      const c = parseCidr(v.split(/\s/).join(''));
      if (!c || !v.includes('/')) return undefined;
      return `${c.family}:${c.base.toString(16)}/${c.prefix}`;
    }
    case 'arn-action': {
      const parts = v.split(/\s/).join('').toLowerCase().split(':');
      if (parts.length !== 2) return undefined;
      const [service, action] = parts;
      const ok = (s: string, extra: string) => s.length > 0 && [...s].every((ch) => (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || extra.includes(ch));
      return ok(service, '-') && ok(action, '*') ? `${service}:${action}` : undefined;
    }
  }
}

/** Whether `given` is `item.answer` or one of its `accept` spellings, after normalising. */
export function exactMatches(item: Pick<ExactItem, 'answer' | 'accept' | 'format' | 'tolerance'>, given: string): boolean {
  const g = parseExact(given, item.format);
  if (g === undefined) {
    // A text answer may still match an accepted spelling of a non-text format ("https" for a port).
    const t = parseExact(given, 'text');
    return t !== undefined && item.accept.some((a) => parseExact(a, 'text') === t);
  }
  return [item.answer, ...item.accept].some((a) => {
    const want = parseExact(a, item.format) ?? parseExact(a, 'text');
    if (want === undefined) return false;
    if (item.format === 'number' && parseExact(a, 'number') !== undefined) return Math.abs(Number(want) - Number(g)) <= item.tolerance;
    return want === g;
  });
}
