// End-to-end: fault breaks through the real `lab` binary. `lab start` predicts the break's impact,
// `lab check` replays it against the fixed stack (before → after), `lab break <fault>` strikes the
// stack as it stands, and a fault whose experiment cannot run is refused in one line, exit 2.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LabReportSchema } from '../report';
import { runLab, treeDigest } from '../testing/run-lab';
import { LABS_DIR } from '../paths';

const HA = 'scenario/high-availability';
const SCALING = 'operations/scaling-policies';
let home: string;

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'ecs-lab-faults-e2e-'));
});

describe('a fault lab', () => {
  let ws: string;
  let startOut: string;

  beforeAll(async () => {
    const r = await runLab(['start', HA], { cwd: home });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    startOut = r.stdout;
    ws = join(home, 'ecs-labs', 'high-availability');
  }, 180_000);

  it('lab start shows the hypothesis and the predicted impact on the broken stack', () => {
    expect(startOut).toContain('⚡ Fault zone-outage — hypothesis:');
    expect(startOut).toMatch(/Predicted az-outage on Service\/Service \(offline replay, not a measurement\)/);
    expect(startOut).toMatch(/us-east-1a\s+[█▁▂▃▄▅▆▇·]+/); // a sparkline row for the zone
    expect(startOut).toContain('becomes unreachable');
  });

  it('the workspace gets its own copy of the FIS experiment library', () => {
    expect(readFileSync(join(ws, 'faults', 'az-outage.ts'), 'utf8')).toMatch(/export class AzOutageExperiment/);
    expect(readFileSync(join(ws, 'stack.ts'), 'utf8')).toMatch(/from '\.\/faults'/);
  });

  it('lab check after the fix replays every fault and reports before → after', async () => {
    cpSync(join(LABS_DIR, HA, 'solution', 'stack.ts'), join(ws, 'stack.ts'));
    const r = await runLab(['check', '--json', '--no-questions'], { cwd: ws });
    expect(r.stderr).toBe('');
    const report = LabReportSchema.parse(JSON.parse(r.stdout));
    expect(report.checks.every((c) => c.status === 'pass')).toBe(true);
    const outage = report.faults?.find((f) => f.check === 'resilience.survives-az-outage');
    expect(outage?.passed).toBe(true);
    expect(outage?.availability).toBeGreaterThanOrEqual(0.99);
    // "before" is the replay from the break, on the starter: much worse than after.
    expect(outage?.before?.availability).toBeLessThan(0.9);
    expect(outage?.before?.recoverySeconds).toBeNull();
    expect(report.faults?.map((f) => f.check).sort()).toEqual(['resilience.absorbs-load-spike', 'resilience.survives-az-outage', 'resilience.survives-task-loss']);
  }, 180_000);

  it('lab break <fault> strikes the fixed stack as it stands: no file changes, a new prediction', async () => {
    const before = treeDigest(ws);
    const r = await runLab(['break', 'task-loss'], { cwd: ws });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('⚡ Fault task-loss — hypothesis:');
    expect(r.stdout).toContain('Predicted stop-tasks on Service/Service');
    expect(treeDigest(ws)).toBe(before);
    const state = JSON.parse(readFileSync(join(ws, '.lab', 'state.json'), 'utf8'));
    expect(state.break.id).toBe('task-loss');
    // The new "before" is the fixed stack's replay: the fault no longer hurts it.
    expect(state.faultsAtBreak['resilience.survives-task-loss'].availability).toBeGreaterThan(0.999);
  }, 180_000);
});

describe('a fault whose experiment cannot run', () => {
  it('is refused in one line, exit 2, and nothing is changed', async () => {
    const started = await runLab(['start', SCALING], { cwd: home });
    expect(started.code).toBe(0);
    const ws = join(home, 'ecs-labs', 'scaling-policies');
    // The learner turns ECS Exec on: FIS will not run task-level actions then.
    const stack = readFileSync(join(ws, 'stack.ts'), 'utf8');
    const withExec = stack.replace("new ecs.FargateService(this, 'Service', {", "new ecs.FargateService(this, 'Service', {\n      enableExecuteCommand: true,");
    expect(withExec).not.toBe(stack);
    writeFileSync(join(ws, 'stack.ts'), withExec);
    const before = treeDigest(ws);
    const stateBefore = readFileSync(join(ws, '.lab', 'state.json'), 'utf8');
    const r = await runLab(['break', 'tv-spot-with-runaway-job'], { cwd: ws });
    expect(r.code).toBe(2);
    expect(readFileSync(join(ws, '.lab', 'state.json'), 'utf8')).toBe(stateBefore);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/Cannot run .*Exec/i);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(treeDigest(ws)).toBe(before);
  }, 240_000);
});
