import { describe, expect, it } from 'vitest';
import { compilePhrasing, normalize, prepare, wordForms } from './match';

const matches = (phrasing: string, text: string) => compilePhrasing(phrasing).test(prepare(text));

describe('normalize', () => {
  it('lowercases, drops punctuation and accents, collapses whitespace', () => {
    expect(normalize('  The Task-Role,\n\tis  "used"! Rôle  ')).toBe('the task role is used role');
  });
});

describe('word forms', () => {
  it.each([
    ['role', 'roles'],
    ['task', 'tasks'],
    ['policy', 'policies'],
    ['assume', 'assumes'],
    ['assume', 'assumed'],
    ['assume', 'assuming'],
    ['pull', 'pulled'],
    ['pull', 'pulling'],
    ['run', 'running'],
    ['stop', 'stopped'],
    ['need', 'needed'],
    ['need', 'needs'],
    ['use', 'used'],
    ['use', 'using'],
    ['use', 'uses'],
    ['access', 'accessed'],
    ['address', 'addresses'],
    ['http', 'https'],
  ])('%s matches %s', (a, b) => {
    expect(matches(a, `we ${b} it`)).toBe(true);
    expect(matches(b, `we ${a} it`)).toBe(true);
  });

  it.each([
    ['role', 'controller'],
    ['role', 'roll'],
    ['role', 'rolled'],
    ['ecs', 'ec'],
    ['access', 'acces'],
    ['port', 'important'],
  ])('%s does not match %s', (a, b) => {
    expect(matches(a, `the ${b} here`)).toBe(false);
  });

  it('keeps short words whole', () => {
    expect([...wordForms('ecs')]).toEqual(['ecs']);
    expect([...wordForms('uses')]).not.toContain('us');
  });
});

describe('phrasings', () => {
  it('match whole-word sequences across punctuation and case', () => {
    expect(matches('task role', 'The TASK-role, I think')).toBe(true);
    expect(matches('iam:PassRole', 'it needs iam:passrole on the role')).toBe(true);
    expect(matches('task role', 'the task\n  role')).toBe(true); // line breaks are whitespace
    expect(matches('task role', 'the task, then the role')).toBe(false); // words must be adjacent
    expect(matches('task role', 'the role of the task')).toBe(false);
  });

  it('treat /…/ as a case-insensitive regex on the raw text', () => {
    expect(matches('/0\\.0\\.0\\.0\\/0/', 'never allow 0.0.0.0/0 here')).toBe(true);
    expect(matches('/PULL(ed)? images?/', 'it pulled images')).toBe(true);
    expect(matches('/pull images/', 'it pushed images')).toBe(false);
  });

  it('a g flag does not make the regex stateful between answers', () => {
    const p = compilePhrasing('/role/g');
    expect(p.test(prepare('role'))).toBe(true);
    expect(p.test(prepare('role'))).toBe(true);
  });

  it('reject phrasings that can never match', () => {
    expect(() => compilePhrasing('/(unclosed/')).toThrow(/not a valid regular expression/);
    expect(() => compilePhrasing('--')).toThrow(/no letters or digits/);
  });
});
