import { describe, expect, it } from 'vitest';
import { parseJobs, runPool } from './pool';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('runPool', () => {
  it('never runs more than `jobs` tasks at once and keeps the order of the items', async () => {
    let running = 0;
    let peak = 0;
    const items = Array.from({ length: 12 }, (_, i) => i);
    const out = await runPool(items, 3, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await sleep(5 + ((n * 7) % 11)); // finish out of order
      running--;
      return n * 2;
    });
    expect(peak).toBe(3);
    expect(out.map((s) => (s.ok ? s.value : -1))).toEqual(items.map((n) => n * 2));
  });

  it('a task that throws costs only its own slot: the others still run and report', async () => {
    const out = await runPool([1, 2, 3, 4], 2, async (n) => {
      if (n === 1) throw new Error('boom');
      await sleep(5);
      return n;
    });
    expect(out[0]).toEqual({ ok: false, error: new Error('boom') });
    expect(out.slice(1)).toEqual([{ ok: true, value: 2 }, { ok: true, value: 3 }, { ok: true, value: 4 }]);
  });

  it('an empty list resolves at once', async () => {
    expect(await runPool([], 4, async () => 1)).toEqual([]);
  });
});

describe('parseJobs', () => {
  it('defaults to the cores and never goes above them', () => {
    expect(parseJobs(undefined, 2)).toBe(2);
    expect(parseJobs('1', 2)).toBe(1);
    expect(parseJobs('8', 2)).toBe(2);
  });
  it('refuses what is not a whole number from 1', () => {
    for (const bad of ['0', '-1', '1.5', 'two', '']) expect(parseJobs(bad, 4)).toMatch(/^--jobs takes a whole number from 1 to 4/);
  });
});
