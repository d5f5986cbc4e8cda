// A fault break's predicted impact: the break's own scenario replayed against the stack as it
// stands (right after the break, the broken stack). Shown by `lab start` and `lab break`; it never
// decides a verdict — the lab's resilience checks replay their faults for that.
import type { StackModel } from '../model/model';
import { assertExperimentRunnable } from './experiments/prerequisites';
import { simulate } from './simulate';
import { selectService } from './topology';
import type { FaultBreakSpec, FaultReplay } from './types';

export type Prediction = { replay: FaultReplay } | { reason: string };

/**
 * Replays the break's scenario. An experiment the stack cannot run (missing, or its task actions'
 * prerequisites absent) is refused with a one-line LabError (exit 2), as the aws target would
 * refuse to start it; a stack with no service to hit says why instead of predicting.
 */
export function predictFault(model: StackModel, spec: FaultBreakSpec): Prediction {
  if (spec.experiment) assertExperimentRunnable(model, spec.experiment);
  const service = selectService(model, spec.service);
  if ('reason' in service) return { reason: service.reason };
  return { replay: simulate(service, spec) };
}
