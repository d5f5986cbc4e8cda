import { describe, expect, it } from 'vitest';
import { drawLab, drawQuestion, rng, shuffle, workspaceSeed } from './draw';
import { LAB, network, questions, roles } from './fixtures';

const shape = (seed: string, attempts: Record<string, number> = {}) =>
  drawLab(questions, LAB, seed, attempts).questions.map((q) =>
    q.items.map((d) => (d.kind === 'choice' || d.kind === 'multi' ? `${d.item.id}:${d.options.map((o) => o.key).join('')}` : d.item.id)),
  );

describe('rng and shuffle', () => {
  it('are deterministic for the same parts and differ for others', () => {
    const a = rng('x', 1);
    const b = rng('x', 1);
    const seqA = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(seqA);
    expect(rng('x', 2)()).not.toBe(seqA[0]);
    for (const v of seqA) expect(v >= 0 && v < 1).toBe(true);
  });

  it('shuffle returns a permutation and leaves its input alone', () => {
    const input = [1, 2, 3, 4, 5, 6];
    const out = shuffle(input, rng('s'));
    expect([...out].sort()).toEqual(input);
    expect(input).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('drawLab', () => {
  it('is the same for the same workspace seed', () => {
    expect(shape('ws-1')).toEqual(shape('ws-1'));
    expect(drawLab(questions, LAB, 'ws-1').fingerprint).toBe(drawLab(questions, LAB, 'ws-1').fingerprint);
  });

  it('differs across workspaces: items drawn or options order', () => {
    const seeds = ['ws-1', 'ws-2', 'ws-3', 'ws-4', 'ws-5'];
    const shapes = new Set(seeds.map((s) => JSON.stringify(shape(s))));
    expect(shapes.size).toBeGreaterThan(1);
    const prints = new Set(seeds.map((s) => drawLab(questions, LAB, s).fingerprint));
    expect(prints.size).toBe(seeds.length);
  });

  it('draws `draw` items (2 by default) in the pool’s order', () => {
    const d = drawQuestion(network, LAB, 'ws-1');
    expect(d.items).toHaveLength(2);
    const ids = network.items.map((i) => i.id);
    const drawn = d.items.map((i) => ids.indexOf(i.item.id));
    expect(drawn).toEqual([...drawn].sort((a, b) => a - b));
    expect(drawQuestion(roles, LAB, 'ws-1').items).toHaveLength(6);
  });

  it('over many seeds, every item of a pool is drawn sometime', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++) for (const d of drawQuestion(network, LAB, `s${i}`).items) seen.add(d.item.id);
    expect(seen.size).toBe(network.items.length);
  });

  it('a retry (attempt) gives another draw of that question only', () => {
    const first = drawLab(questions, LAB, 'ws-1');
    const retries = [1, 2, 3].map((n) => drawLab(questions, LAB, 'ws-1', { network: n }));
    expect(retries.some((r) => JSON.stringify(r.questions[1].items.map((i) => i.item.id)) !== JSON.stringify(first.questions[1].items.map((i) => i.item.id)))).toBe(true);
    for (const r of retries) expect(r.questions[0].items.map((i) => i.item.id)).toEqual(first.questions[0].items.map((i) => i.item.id));
  });

  it('relabels options a, b, c… and never shows order steps already in order', () => {
    for (let i = 0; i < 30; i++) {
      for (const d of drawQuestion(roles, LAB, `s${i}`).items) {
        if (d.kind === 'choice' || d.kind === 'multi') expect(d.options.map((o) => o.label)).toEqual(['a', 'b', 'c', 'd'].slice(0, d.options.length));
        if (d.kind === 'order') expect(d.steps.map((s) => s.index)).not.toEqual([0, 1, 2, 3]);
        if (d.kind === 'match') expect(d.right.map((r) => r.value).sort()).toEqual(['execution role', 'nobody', 'task role']);
      }
    }
  });
});

describe('workspaceSeed', () => {
  it('uses the stored seed, or a stable hash of lab and creation time for older states', () => {
    expect(workspaceSeed({ lab: LAB, createdAt: 't', seed: 'abc' })).toBe('abc');
    const old = workspaceSeed({ lab: LAB, createdAt: '2026-01-01T00:00:00.000Z' });
    expect(old).toMatch(/^[0-9a-f]{16}$/);
    expect(workspaceSeed({ lab: LAB, createdAt: '2026-01-01T00:00:00.000Z' })).toBe(old);
    expect(workspaceSeed({ lab: LAB, createdAt: '2026-01-02T00:00:00.000Z' })).not.toBe(old);
  });
});
