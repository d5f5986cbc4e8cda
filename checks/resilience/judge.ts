// What the resilience checks share: finding the service to replay, judging a replay against the
// lab's limits, and describing what it showed in numbers a learner can check against the timeline.
import type { FaultReplay } from '../../engine/faults/types';
import { selectService, type ServiceTopology } from '../../engine/faults/topology';
import type { StackModel } from '../../engine/model/model';
import type { CheckOutcome, Finding } from '../../engine/types';
import type { ResilienceParams } from './params';

/** The service to replay, or a skip reason when the stack has none; several without a name is the lab's error. */
export function serviceToReplay(model: StackModel, params: ResilienceParams): ServiceTopology | { skip: string } {
  const picked = selectService(model, params.service);
  if ('reason' in picked) {
    if (picked.ambiguous) throw new Error(picked.reason);
    return { skip: `${picked.reason}, so there is nothing to replay the fault against` };
  }
  if (picked.schedulingStrategy === 'DAEMON') {
    return { skip: `service ${picked.name} is a DAEMON service (one task per container instance); only replica services are replayed` };
  }
  return picked;
}

/** A share as a percentage, rounded down so a failing share never reads as the limit (99.89 %, not 99.9 %). */
export function pct(share: number): string {
  const floored = Math.floor(share * 10000 + 1e-9) / 100;
  return `${Number(floored.toFixed(2))} %`;
}

/** Why a replay misses the lab's limits (availability, recovery); empty when it meets them. */
export function limitProblems(replay: FaultReplay, params: Pick<ResilienceParams, 'minAvailability' | 'maxRecoverySeconds'>): string[] {
  const out: string[] = [];
  if (replay.availability < params.minAvailability) out.push(`${pct(replay.availability)} of requests served; the lab asks for at least ${pct(params.minAvailability)}`);
  if (params.maxRecoverySeconds !== undefined) {
    if (replay.recoverySeconds === null) out.push('errors never stopped before the replay ended');
    else if (replay.recoverySeconds > params.maxRecoverySeconds) out.push(`errors lasted until ${replay.recoverySeconds} s after the fault; the lab allows ${params.maxRecoverySeconds} s`);
  }
  return out;
}

/** The fewest tasks serving between two seconds of the replay, and for how long that many served. */
export function lowestServing(replay: FaultReplay, from: number, to: number): { tasks: number; seconds: number } {
  const steps = replay.timeline.filter((s) => s.atSecond >= from && s.atSecond < to);
  if (steps.length === 0) return { tasks: 0, seconds: 0 };
  const serving = (s: (typeof steps)[number]) => Object.values(s.runningByAz).reduce((a, b) => a + b, 0);
  const tasks = Math.min(...steps.map(serving));
  return { tasks, seconds: steps.filter((s) => serving(s) === tasks).length * replay.stepSeconds };
}

/** Seconds during which some requests failed. */
export function errorSeconds(replay: FaultReplay): number {
  return replay.timeline.filter((s) => s.errorRate > 1e-6).length * replay.stepSeconds;
}

/** The highest demand of the replay against the capacity the service started with. */
export function peak(replay: FaultReplay): { demand: number; startCapacity: number } {
  return {
    demand: Math.max(0, ...replay.timeline.map((s) => s.demandRps)),
    startCapacity: replay.timeline[0]?.capacityRps ?? 0,
  };
}

/** Errors before the fault began: the service could not carry the lab's load even unharmed. */
export function baselineProblem(replay: FaultReplay): { message: string; hint: string } | undefined {
  const start = replay.startsAtSecond ?? 0;
  const before = replay.timeline.filter((s) => s.atSecond < start && s.errorRate > 1e-6);
  if (before.length === 0) return undefined;
  const worst = before.reduce((a, b) => (b.errorRate > a.errorRate ? b : a));
  return {
    message: `even before the fault, ${pct(worst.errorRate)} of requests failed at ${worst.demandRps} rps: the running tasks serve about ${Math.floor(worst.capacityRps)} rps`,
    hint: 'Give the service enough capacity for the lab\'s load first: more tasks (desiredCount) or more CPU per task.',
  };
}

export function outcomeOf(model: StackModel, topo: ServiceTopology, replay: FaultReplay, problems: { message: string; hint?: string }[]): CheckOutcome {
  if (problems.length === 0) return { status: 'pass', replay };
  const baseline = baselineProblem(replay);
  const all = baseline ? [baseline, ...problems] : problems;
  const findings: Finding[] = all.map((p) => model.finding(topo.logicalId, p.message, p.hint));
  return { status: 'fail', findings, replay };
}

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
