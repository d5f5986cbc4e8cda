import { describe, expect, it } from 'vitest';
import { topologyFixture } from './fixtures';
import { renderBeforeAfter, renderReplay } from './render';
import { simulate } from './simulate';
import type { FaultScenario } from './types';

// The az-outage of engine/faults/simulate.test.ts: 2 tasks, 80 rps, errors 30…135 (0.5 then 0.375), 92.5 % served.
const load = { phases: [{ atSecond: 0, rps: 80 }], cpuMsPerRequest: 20, durationSeconds: 600 };
const replayOf = (scenario: FaultScenario, f = {}) =>
  simulate(topologyFixture({ desired: 2, targetGroup: { interval: 10, unhealthy: 3 }, ...f }), { scenario, startsAtSecond: 30, load, hypothesis: 'test' });
const outage = replayOf({ kind: 'az-outage', az: 0, durationSeconds: 300 });
const ANSI = /\u001b\[/;

describe('renderReplay', () => {
  const lines = renderReplay(outage, { color: false, width: 80 });
  const row = (name: string) => lines.find((l) => l.startsWith(`  ${name}`))!.slice(14);

  it('says it is a prediction and gives the headline numbers', () => {
    expect(lines[0]).toBe('Predicted az-outage on Service (offline replay, not a measurement)');
    const headline = lines.slice(1, 3).map((l) => l.trim()).join(' ');
    expect(headline).toMatch(/92\.5 % of requests served · worst 50 % errors · errors 0 s after the fault · recovered after 110 s/);
  });

  it('draws one row per AZ: us-east-1a empties at the fault, us-east-1b doubles when the replacement serves', () => {
    // Width 80 → 66 columns for 120 steps → 2 steps (10 s) a column. Column 3 holds 30–35 s, column 14 holds 140–145 s.
    const a = row('us-east-1a');
    const b = row('us-east-1b');
    expect(a).toHaveLength(60);
    expect(a.slice(0, 3)).toBe('▄▄▄');
    expect(a.slice(3)).toBe('·'.repeat(57));
    expect(b.slice(0, 14)).toBe('▄'.repeat(14));
    expect(b.slice(14)).toBe('█'.repeat(46));
  });

  it('draws the error rate: 11 columns (30–135 s) with errors, the worst (0.5) higher than the rest (0.375)', () => {
    const e = row('errors');
    expect(e.slice(0, 3)).toBe('···');
    expect(e.slice(3, 14)).toBe('▄▄▄▃▃▃▃▃▃▃▃');
    expect(e.slice(14)).toBe('·'.repeat(46));
  });

  it('marks the fault\'s start on the axis and labels both ends', () => {
    const axis = lines.find((l) => l.includes('▲'))!.slice(14);
    expect(axis.indexOf('▲')).toBe(3);
    expect(axis.startsWith('0 s')).toBe(true);
    expect(axis.trimEnd().endsWith('600 s')).toBe(true);
  });

  it('lists the events with their seconds', () => {
    expect(lines).toContain('   70 s  ECS starts 1 replacement task (1 in us-east-1b)');
    expect(lines).toContain('  140 s  errors stop');
  });

  it('keeps to at most 8 event lines, the turning points first', () => {
    const release = replayOf({ kind: 'bad-release' }, { grace: 60, deployment: { min: 0, max: 100, circuitBreaker: { enable: true, rollback: true } } });
    expect(release.events.length).toBeGreaterThan(8);
    const out = renderReplay(release, { color: false, width: 100 });
    const eventLines = out.filter((l) => /^\s+\d+ s {2}/.test(l) || /… \d+ more events?/.test(l));
    expect(eventLines.length).toBeLessThanOrEqual(8);
    expect(out.some((l) => /circuit breaker trips/.test(l))).toBe(true);
    expect(out.some((l) => /errors stop/.test(l))).toBe(true);
    expect(out.some((l) => /^ {9}… \d+ more events$/.test(l))).toBe(true);
    expect(out.slice(1, 3).map((l) => l.trim()).join(' ')).toMatch(/rolled back at 360 s/);
  });

  it('keeps long AZ names apart by their ends', () => {
    const long = { ...outage, azs: ['ap-southeast-2a-long-zone', 'ap-southeast-2b-long-zone'], timeline: outage.timeline.map((s) => ({ ...s, runningByAz: { 'ap-southeast-2a-long-zone': s.runningByAz['us-east-1a'], 'ap-southeast-2b-long-zone': s.runningByAz['us-east-1b'] } })) };
    const rows = renderReplay(long, { color: false, width: 80 }).filter((l) => l.startsWith('  …'));
    expect(rows.map((l) => l.slice(2, 20))).toEqual(['…st-2a-long-zone  ', '…st-2b-long-zone  ']);
  });

  it('names the AWS defaults the replay assumed', () => {
    // The fixture leaves out the healthy threshold, the grace period and the deployment percentages.
    expect(outage.assumed).toEqual(['target group healthy threshold 5', 'health check grace period 0 s', 'minimum healthy percent 100', 'maximum percent 200']);
    const from = lines.findIndex((l) => l.startsWith('  AWS defaults assumed'));
    expect(from).toBeGreaterThan(0);
    expect(lines.slice(from).map((l) => l.trim()).join(' ')).toBe(
      'AWS defaults assumed (the stack does not say): target group healthy threshold 5; health check grace period 0 s; minimum healthy percent 100; maximum percent 200',
    );
  });

  it('never runs past the width, and colours only when asked', () => {
    for (const width of [40, 60, 100]) {
      for (const l of renderReplay(outage, { color: false, width })) expect(l.length).toBeLessThanOrEqual(width);
    }
    expect(lines.some((l) => ANSI.test(l))).toBe(false);
    expect(renderReplay(outage, { color: true, width: 80 }).some((l) => ANSI.test(l))).toBe(true);
  });

  it('says when it never recovered, and when nothing failed', () => {
    const never = replayOf({ kind: 'bad-release' }, { grace: 60, deployment: { min: 0, max: 100 } });
    expect(renderReplay(never, { color: false, width: 80 }).slice(1, 3).map((l) => l.trim()).join(' ')).toMatch(/never recovered · deployment never stabilised/);
    const calm = simulate(topologyFixture({ desired: 4 }), { scenario: { kind: 'stop-tasks', selection: { count: 1 } }, startsAtSecond: 30, load, hypothesis: 't' });
    expect(calm.worstErrorRate).toBe(0);
    expect(renderReplay(calm, { color: false, width: 80 })[1]).toBe('  100 % of requests served · no errors');
  });
});

describe('renderBeforeAfter', () => {
  it('puts the break\'s numbers above the fix\'s, with the direction', () => {
    const before = { availability: 0.45, worstErrorRate: 1, recoverySeconds: 330 };
    expect(renderBeforeAfter(before, outage)).toEqual([
      'before  45 % served · worst 100 % errors · recovered after 330 s',
      'after   92.5 % served · worst 50 % errors · recovered after 110 s  ▲',
    ]);
  });

  it('shows a worse replay going down, and an endless one as never recovered', () => {
    const before = { availability: 0.999, worstErrorRate: 0, recoverySeconds: 0 };
    const [b, a] = renderBeforeAfter(before, { ...outage, recoverySeconds: null });
    expect(b).toBe('before  99.9 % served · worst 0 % errors · no errors');
    expect(a).toBe('after   92.5 % served · worst 50 % errors · never recovered  ▼');
  });
});
