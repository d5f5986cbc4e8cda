// aws:ecs:task-network-latency — FIS delays the network traffic of some of the service's tasks
// (through the SSM agent sidecar and, on Fargate, the ECS fault injection endpoints), the way a
// slow dependency or a congested link would.
import type { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ecsTaskTarget } from './ecs-task-target';
import { FaultExperiment, type FaultExperimentProps } from './experiment';
import { checkDuration, checkWhole, selectionMode, type Selection } from './guard-rails';
import { taskActionStatements } from './task-actions';

/** Longest delay the library lets a lab add: 10 s already times out most health checks. */
const MAX_DELAY_MS = 10_000;

export interface NetworkLatencyExperimentProps extends FaultExperimentProps {
  /** How long the latency lasts; at most 10 minutes. */
  duration: Duration;
  /** Added delay in milliseconds (default 200). */
  delayMs?: number;
  /** Random jitter around the delay in milliseconds (default 10). */
  jitterMs?: number;
  /** Which of the service's tasks to slow down (default all of them). */
  selection?: Selection;
}

export class NetworkLatencyExperiment extends FaultExperiment {
  constructor(scope: Construct, id: string, props: NetworkLatencyExperimentProps) {
    super(scope, id, props, () => {
      const delay = checkWhole(`${id}: delayMs`, props.delayMs ?? 200, 1, MAX_DELAY_MS);
      const jitter = checkWhole(`${id}: jitterMs`, props.jitterMs ?? 10, 0, MAX_DELAY_MS);
      return {
        kind: 'network-latency',
        description: `Adds ${delay} ms to the network of the service's tasks; callers should time out and retry, not pile up`,
        targets: { Tasks: ecsTaskTarget(props.labId, props.service, selectionMode(`${id}: selection`, props.selection ?? 'all')) },
        actions: {
          NetworkLatency: {
            actionId: 'aws:ecs:task-network-latency',
            description: `Delay the tasks' traffic by ${delay} ms`,
            parameters: {
              duration: checkDuration(id, props.duration),
              delayMilliseconds: String(delay),
              jitterMilliseconds: String(jitter),
              installDependencies: 'true',
              // On Fargate the network actions go through the task's ECS fault injection endpoints.
              useEcsFaultInjectionEndpoints: 'true',
            },
            targets: { Tasks: 'Tasks' },
          },
        },
        statements: taskActionStatements(scope, props),
      };
    });
  }
}
