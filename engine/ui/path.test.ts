import { describe, expect, it } from 'vitest';
import { nextLab, pathBar, statusMark } from './path';

const labs = ['f/a', 'f/b', 'i/c', 's/d'].map((id) => ({ id }));

describe('the path at a glance', () => {
  it('draws a bar of the labs passed', () => {
    expect(pathBar(labs, {}, 4)).toBe('▕░░░░▏ 0/4 labs passed');
    expect(pathBar(labs, { 'f/a': 'passed', 'f/b': 'started' }, 4)).toBe('▕█░░░▏ 1/4 labs passed');
    expect(pathBar(labs, { 'f/a': 'passed', 'f/b': 'passed', 'i/c': 'passed', 's/d': 'passed' }, 4)).toBe('▕████▏ 4/4 labs passed');
  });

  it('suggests the next unfinished lab after the current one, then wraps around', () => {
    expect(nextLab(labs, { 'f/b': 'passed' }, 'f/a')?.id).toBe('i/c');
    expect(nextLab(labs, { 'i/c': 'passed', 's/d': 'passed' }, 'f/b')?.id).toBe('f/a');
    expect(nextLab(labs, {}, undefined)?.id).toBe('f/a');
    expect(nextLab(labs, { 'f/a': 'passed', 'f/b': 'passed', 'i/c': 'passed' }, 's/d')).toBeUndefined();
  });

  it('marks passed and started labs', () => {
    expect([statusMark('passed'), statusMark('started'), statusMark(undefined)]).toEqual(['✓', '▸', '·']);
  });
});
