import { describe, expect, it } from 'vitest';
import type { BreakDefinition } from '../types';
import { applyBreak } from './apply-break';

const brk = (edits: BreakDefinition['edits']): BreakDefinition => ({ id: 'b', kind: 'code', story: 's', edits, breaks: [] });
const files: Record<string, string> = { 'stack.ts': 'a\nb\nc\n', 'Dockerfile': 'FROM x\n' };
const read = (f: string) => files[f];

describe('applyBreak', () => {
  it('applies edits in order, several to one file', () => {
    const out = applyBreak(brk([{ file: 'stack.ts', find: 'b', replace: 'B' }, { file: 'stack.ts', find: 'B\nc', replace: 'C' }, { file: 'Dockerfile', find: 'x', replace: 'y' }]), read);
    expect(out.get('stack.ts')).toBe('a\nC\n');
    expect(out.get('Dockerfile')).toBe('FROM y\n');
  });

  it('refuses text that is missing, repeated, or a file that does not exist', () => {
    expect(() => applyBreak(brk([{ file: 'stack.ts', find: 'zzz', replace: '' }]), read)).toThrow(/not found in stack.ts/);
    expect(() => applyBreak(brk([{ file: 'stack.ts', find: '\n', replace: '' }]), read)).toThrow(/more than once/);
    expect(() => applyBreak(brk([{ file: 'nope.ts', find: 'a', replace: '' }]), read)).toThrow(/nope.ts does not exist/);
  });
});
