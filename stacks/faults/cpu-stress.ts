// aws:ecs:task-cpu-stress — FIS loads the CPU of some of the service's tasks from inside them
// (through the SSM agent sidecar), the way a hot code path or a noisy neighbour would.
import type { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ecsTaskTarget } from './ecs-task-target';
import { FaultExperiment, type FaultExperimentProps } from './experiment';
import { checkDuration, checkWhole, selectionMode, type Selection } from './guard-rails';
import { taskActionStatements } from './task-actions';

export interface CpuStressExperimentProps extends FaultExperimentProps {
  /** How long the stress lasts; at most 10 minutes. */
  duration: Duration;
  /** Target CPU load in each stressed task, 1–100 (default 80). */
  percent?: number;
  /** Which of the service's tasks to stress (default all of them). */
  selection?: Selection;
}

export class CpuStressExperiment extends FaultExperiment {
  constructor(scope: Construct, id: string, props: CpuStressExperimentProps) {
    super(scope, id, props, () => {
      const percent = checkWhole(`${id}: percent`, props.percent ?? 80, 1, 100);
      return {
        kind: 'cpu-stress',
        description: `Loads the CPU of the service's tasks to ${percent}%; the service should keep its latency or scale out`,
        targets: { Tasks: ecsTaskTarget(props.labId, props.service, selectionMode(`${id}: selection`, props.selection ?? 'all')) },
        actions: {
          CpuStress: {
            actionId: 'aws:ecs:task-cpu-stress',
            description: `Hold the CPU at ${percent}%`,
            parameters: { duration: checkDuration(id, props.duration), percent: String(percent), installDependencies: 'true' },
            targets: { Tasks: 'Tasks' },
          },
        },
        statements: taskActionStatements(scope, props),
      };
    });
  }
}
