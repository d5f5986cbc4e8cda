import { describe, expect, it } from 'vitest';
import { parseShard, shardOf } from './shard';

describe('--shard i/n', () => {
  const paths = Array.from({ length: 23 }, (_, i) => `learners/l${String(i).padStart(2, '0')}`);

  it('splits into disjoint slices that together are the whole class, whatever order they were given in', () => {
    const shuffled = [...paths].reverse();
    const slices = [1, 2, 3, 4].map((index) => shardOf(shuffled, { index, count: 4 }, (p) => p));
    expect(slices.flat().sort()).toEqual(paths);
    expect(new Set(slices.flat()).size).toBe(paths.length);
    // Same slice from any order: every machine agrees.
    expect(shardOf(paths, { index: 2, count: 4 }, (p) => p)).toEqual(slices[1]);
    expect(slices.map((s) => s.length)).toEqual([6, 6, 6, 5]);
  });

  it('parses i/n and refuses the rest in one line', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/4', '5/4', '1/0', '2', 'a/b', '1/2/3']) expect(parseShard(bad)).toMatch(/^--shard takes i\/n/);
  });
});
