// aws:ecs:stop-task — FIS stops some of the service's running tasks at once, the way a host
// failure or an out-of-memory kill would. ECS notices and starts replacements.
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ecsTaskTarget } from './ecs-task-target';
import { FaultExperiment, taskArnsOf, type FaultExperimentProps } from './experiment';
import { selectionMode, type Selection } from './guard-rails';

export interface StopTasksExperimentProps extends FaultExperimentProps {
  /** How many of the service's tasks to stop: `{ count: 1 }` (default) or `{ percent: 50 }`. */
  selection?: Selection;
}

export class StopTasksExperiment extends FaultExperiment {
  constructor(scope: Construct, id: string, props: StopTasksExperimentProps) {
    super(scope, id, props, () => ({
      kind: 'stop-tasks',
      description: `Stops ${describe(props.selection)} of the service's tasks; the service should keep serving while ECS replaces them`,
      targets: { Tasks: ecsTaskTarget(props.labId, props.service, selectionMode(`${id}: selection`, props.selection ?? { count: 1 })) },
      actions: { StopTasks: { actionId: 'aws:ecs:stop-task', description: 'Stop the selected tasks', targets: { Tasks: 'Tasks' } } },
      statements: stopTaskStatements(scope, props),
    }));
  }
}

function describe(selection: Selection = { count: 1 }): string {
  if (selection === 'all') return 'all';
  return 'count' in selection ? String(selection.count) : `${selection.percent}%`;
}

/** aws:ecs:stop-task needs ecs:DescribeTasks, ecs:ListTasks, ecs:StopTask and tag:GetResources (FIS actions reference). */
export function stopTaskStatements(scope: Construct, props: FaultExperimentProps): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({ sid: 'StopTasksOfTheCluster', actions: ['ecs:DescribeTasks', 'ecs:StopTask'], resources: [taskArnsOf(scope, props.service)] }),
    // ListTasks is authorized on container instances, which Fargate tasks have none of: it only reads.
    new iam.PolicyStatement({ sid: 'ListTasks', actions: ['ecs:ListTasks'], resources: ['*'] }),
    // The Resource Groups Tagging API finds the tagged tasks; it takes no resource ARN.
    new iam.PolicyStatement({ sid: 'FindTargetsByTag', actions: ['tag:GetResources'], resources: ['*'] }),
  ];
}
