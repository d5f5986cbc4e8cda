// Makes a task definition ready for the task-level FIS actions (`aws:ecs:task-*`), which run inside
// the task: an SSM agent sidecar registers the task as an SSM managed instance tagged with its task
// ARN, FIS sends the fault's SSM document to it, and on Fargate the network faults go through the
// task's ECS fault injection endpoints. (FIS user guide, "Use the AWS FIS aws:ecs:task actions".)
import { Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** The sidecar's container name and image (the SSM agent's public ECR image). */
export const SSM_AGENT_CONTAINER = 'amazon-ssm-agent';
export const SSM_AGENT_IMAGE = 'public.ecr.aws/amazon-ssm-agent/amazon-ssm-agent:latest';
/** The variable the sidecar reads the managed instance role's name from. */
export const MANAGED_INSTANCE_ROLE_ENV = 'MANAGED_INSTANCE_ROLE_NAME';
/** Memory the sidecar reserves; the agent idles well below it. */
const SIDECAR_MEMORY_MIB = 64;

/**
 * Props to spread into `new ecs.FargateTaskDefinition(this, 'Task', { ...faultReadyTaskProps(), ... })`:
 * fault injection on, one process namespace for the task (the network and kill-process faults need
 * to see the app's processes), and the Linux platform Fargate asks for with `pidMode`.
 */
export function faultReadyTaskProps(): Pick<ecs.FargateTaskDefinitionProps, 'enableFaultInjection' | 'pidMode' | 'runtimePlatform'> {
  return {
    enableFaultInjection: true,
    pidMode: ecs.PidMode.TASK,
    runtimePlatform: { operatingSystemFamily: ecs.OperatingSystemFamily.LINUX, cpuArchitecture: ecs.CpuArchitecture.X86_64 },
  };
}

/**
 * The sidecar's script, after the FIS user guide's sample: register the task as a managed instance
 * tagged with its task ARN, run the agent, and deregister when the task stops.
 */
const SIDECAR_SCRIPT = [
  'set -e',
  'dnf install -y jq procps awscli >/dev/null',
  'TASK=$(curl -s "$ECS_CONTAINER_METADATA_URI_V4/task")',
  'TASK_ARN=$(echo "$TASK" | jq -r .TaskARN); CLUSTER=$(echo "$TASK" | jq -r .Cluster)',
  'ACTIVATION=$(aws ssm create-activation --iam-role "$MANAGED_INSTANCE_ROLE_NAME" --tags Key=ECS_TASK_ARN,Value="$TASK_ARN" Key=ECS_CLUSTER,Value="$CLUSTER")',
  'amazon-ssm-agent -register -code "$(echo "$ACTIVATION" | jq -r .ActivationCode)" -id "$(echo "$ACTIVATION" | jq -r .ActivationId)" -region "$AWS_REGION"',
  'cleanup() { aws ssm deregister-managed-instance --instance-id "$(jq -r .ManagedInstanceID /var/lib/amazon/ssm/registration)" || true; aws ssm delete-activation --activation-id "$(echo "$ACTIVATION" | jq -r .ActivationId)" || true; }',
  'trap cleanup SIGTERM SIGINT',
  'amazon-ssm-agent & wait $!',
].join('\n');

export interface TaskFaultReadiness {
  /** The sidecar container. */
  sidecar: ecs.ContainerDefinition;
  /** The role the task registers as a managed instance with. */
  managedInstanceRole: iam.Role;
}

/**
 * Adds what the task-level actions need to a task definition: the non-essential SSM agent
 * sidecar, the managed instance role it registers with, the task role's permissions to register
 * (ssm:CreateActivation, ssm:AddTagsToResource, iam:PassRole of that role only), and — when the
 * task definition was created without `faultReadyTaskProps()` — `EnableFaultInjection` and
 * `PidMode: task` on the CloudFormation resource.
 */
export function prepareTaskForFaults(scope: Construct, taskDefinition: ecs.TaskDefinition): TaskFaultReadiness {
  const id = `${taskDefinition.node.id}FaultReadiness`;
  const holder = new Construct(scope, id);
  const managedInstanceRole = new iam.Role(holder, 'ManagedInstanceRole', {
    assumedBy: new iam.ServicePrincipal('ssm.amazonaws.com'),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore')],
    description: 'Role of the ECS tasks registered as SSM managed instances for FIS task faults',
  });
  // The sidecar removes its own registration when the task stops.
  const stack = Stack.of(scope);
  const managedInstances = stack.formatArn({ service: 'ssm', resource: 'managed-instance', resourceName: '*' });
  // DeleteActivation takes no resource ARN (service authorization reference).
  managedInstanceRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ssm:DeleteActivation'], resources: ['*'] }));
  managedInstanceRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ssm:DeregisterManagedInstance'], resources: [managedInstances] }));

  taskDefinition.addToTaskRolePolicy(new iam.PolicyStatement({ sid: 'RegisterAsManagedInstance', actions: ['ssm:CreateActivation'], resources: ['*'] }));
  taskDefinition.addToTaskRolePolicy(
    new iam.PolicyStatement({
      sid: 'TagManagedInstance',
      actions: ['ssm:AddTagsToResource'],
      resources: [managedInstances],
    }),
  );
  taskDefinition.addToTaskRolePolicy(
    new iam.PolicyStatement({
      sid: 'PassManagedInstanceRole',
      actions: ['iam:PassRole'],
      resources: [managedInstanceRole.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' } },
    }),
  );

  const sidecar = taskDefinition.addContainer(SSM_AGENT_CONTAINER, {
    containerName: SSM_AGENT_CONTAINER,
    image: ecs.ContainerImage.fromRegistry(SSM_AGENT_IMAGE),
    essential: false,
    memoryReservationMiB: SIDECAR_MEMORY_MIB,
    entryPoint: [],
    command: ['/bin/bash', '-c', SIDECAR_SCRIPT],
    environment: { [MANAGED_INSTANCE_ROLE_ENV]: managedInstanceRole.roleName },
    logging: ecs.LogDrivers.awsLogs({ streamPrefix: SSM_AGENT_CONTAINER }),
  });

  const cfn = taskDefinition.node.defaultChild as ecs.CfnTaskDefinition;
  cfn.enableFaultInjection = true;
  if (cfn.pidMode === undefined) cfn.pidMode = ecs.PidMode.TASK;
  return { sidecar, managedInstanceRole };
}
