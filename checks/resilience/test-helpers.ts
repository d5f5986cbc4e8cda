// For the resilience check tests: run a check against the hand-written service template of
// engine/faults/fixtures (exact numbers) the way the engine runs it (params parsed, errors isolated).
import { runCheck } from '../../engine/checking/run-checks';
import { serviceTemplate, type ServiceFixture } from '../../engine/faults/fixtures';
import type { LoadProfile } from '../../engine/faults/types';
import { StackModel } from '../../engine/model/model';
import type { CfnTemplate, CheckDefinition, CheckResult } from '../../engine/types';

/** One task of 1024 CPU units at 20 ms a request serves 50 rps; 600 s replay = 120 steps of 5 s. */
export const steadyLoad = (rps: number, durationSeconds = 600): LoadProfile => ({ phases: [{ atSecond: 0, rps }], cpuMsPerRequest: 20, durationSeconds });

/** Target group health check used unless a test says otherwise: a dead target is out after 3 × 10 s. */
export const TG = { interval: 10, unhealthy: 3 };

export function checkTemplate(check: CheckDefinition<any>, template: CfnTemplate, params: Record<string, unknown>): Promise<CheckResult> {
  return runCheck(check, { template, model: new StackModel(template) }, params);
}

export function checkService(check: CheckDefinition<any>, f: ServiceFixture, params: Record<string, unknown>): Promise<CheckResult> {
  return checkTemplate(check, serviceTemplate({ targetGroup: TG, ...f }), params);
}
