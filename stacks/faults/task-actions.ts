// What the task-level actions (`aws:ecs:task-*`) share: they run inside the task through the SSM
// agent sidecar (see task-readiness.ts), so the FIS role sends SSM commands to the managed
// instances the sidecar registered, and FIS finds them by the task's ARN.
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { taskArnsOf, type FaultExperimentProps } from './experiment';

/**
 * aws:ecs:task-* need ecs:DescribeTasks, ssm:SendCommand, ssm:ListCommands and ssm:CancelCommand
 * (FIS user guide, "Use the AWS FIS aws:ecs:task actions").
 */
export function taskActionStatements(scope: Construct, props: FaultExperimentProps): iam.PolicyStatement[] {
  const stack = Stack.of(scope);
  return [
    new iam.PolicyStatement({ sid: 'DescribeTasksOfTheCluster', actions: ['ecs:DescribeTasks'], resources: [taskArnsOf(scope, props.service)] }),
    new iam.PolicyStatement({
      sid: 'RunFaultDocumentsOnTaskInstances',
      actions: ['ssm:SendCommand'],
      resources: [
        // FIS runs AWS-owned documents of the region; which account owns them is not ours to pin.
        `arn:${stack.partition}:ssm:${stack.region}:*:document/*`,
        stack.formatArn({ service: 'ssm', resource: 'managed-instance', resourceName: '*' }),
      ],
    }),
    // Neither action takes a resource ARN (service authorization reference).
    new iam.PolicyStatement({ sid: 'FollowCommands', actions: ['ssm:ListCommands', 'ssm:CancelCommand'], resources: ['*'] }),
    new iam.PolicyStatement({ sid: 'FindTargetsByTag', actions: ['tag:GetResources'], resources: ['*'] }),
  ];
}
