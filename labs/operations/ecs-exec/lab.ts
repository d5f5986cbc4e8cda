import { defineLab } from '../../../engine/types';

// The exec block of starter/stack.ts (the key, the session log group and the cluster's exec
// configuration), as the break finds it, and what the cleanup left.
const EXEC_BLOCK =
  "    // ---- ECS Exec: the key and the record of every session --------------------------------\n" +
  "\n" +
  "    // Encrypts the data of each exec session between the on-call's client and the container.\n" +
  "    const execKey = new kms.Key(this, 'ExecKey', {\n" +
  "      description: 'ECS Exec: encrypts the session data between client and container',\n" +
  "      enableKeyRotation: true,\n" +
  "      removalPolicy: RemovalPolicy.DESTROY,\n" +
  "    });\n" +
  "    // Every command typed in an exec session, and its output. Encrypted with the same key; kept a year.\n" +
  "    const execSessionLogs = new logs.LogGroup(this, 'ExecSessionLogs', {\n" +
  "      encryptionKey: execKey,\n" +
  "      retention: logs.RetentionDays.ONE_YEAR,\n" +
  "      removalPolicy: RemovalPolicy.DESTROY,\n" +
  "    });\n" +
  "\n" +
  "    const cluster = new ecs.Cluster(this, 'Cluster', {\n" +
  "      vpc,\n" +
  "      executeCommandConfiguration: {\n" +
  "        kmsKey: execKey,\n" +
  "        logging: ecs.ExecuteCommandLogging.OVERRIDE,\n" +
  "        logConfiguration: { cloudWatchLogGroup: execSessionLogs, cloudWatchEncryptionEnabled: true },\n" +
  "      },\n" +
  "    });\n" +
  "\n";
const PLAIN_CLUSTER =
  "    // Cleanup PR #412 (\"exec is a back door, and nobody has used it in months\"): the exec key\n" +
  "    // and the session log group were deleted, the cluster is back to its defaults.\n" +
  "    const cluster = new ecs.Cluster(this, 'Cluster', { vpc });\n" +
  "\n";

// The service's exec switch, and the cleanup's.
const SERVICE_EXEC =
  "      // ECS starts each task with the SSM agent in its containers, and CDK grants the task role\n" +
  "      // what that agent needs (the Session Manager channels, the key, the session log group).\n" +
  "      enableExecuteCommand: true,\n";
const SERVICE_EXEC_OFF =
  "      // Cleanup PR #412: exec off \"until we need it\".\n" +
  "      enableExecuteCommand: false,\n";

// The night's hotfix: the Session Manager channels granted to the execution role.
const TASK_DEFINITION =
  "    const taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDef', { cpu: 256, memoryLimitMiB: 512 });\n";
const TASK_DEFINITION_HOTFIX =
  "    const taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDef', { cpu: 256, memoryLimitMiB: 512 });\n" +
  "\n" +
  "    // INC-2291, 02:40: execute-command fails; a forum answer says \"add the ssmmessages permissions\".\n" +
  "    // They went with the rest of the AWS plumbing the task needs, on the execution role.\n" +
  "    taskDefinition.addToExecutionRolePolicy(\n" +
  "      new iam.PolicyStatement({\n" +
  "        actions: ['ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel'],\n" +
  "        resources: ['*'],\n" +
  "      }),\n" +
  "    );\n";

const IMPORT_ELBV2 =
  "import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';\n";
const IMPORT_IAM =
  "import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';\n" +
  "import * as iam from 'aws-cdk-lib/aws-iam';\n";

export default defineLab({
  id: 'operations/ecs-exec',
  title: 'ECS Exec: a shell in a running task, encrypted and recorded',
  layer: 'operations',
  order: 1,
  minutes: 40,
  objectives: [
    'Turn ECS Exec on for a service, and know that only tasks started afterwards get the SSM agent',
    'Grant the four ssmmessages channel actions to the task role, the identity of the SSM agent in the container, not to the execution role',
    'Encrypt exec sessions with a KMS key and record them with OVERRIDE logging to an encrypted log group or bucket, with the key policy and grants that takes',
    'Make a container exec-ready: an init process, a writable root file system (and what to do about the read-only one), Fargate platform 1.4.0 or later',
    'Debug a container in order: stopped reason and logs first, then metrics, then a recorded exec session; and know the network path to Session Manager',
  ],
  covers: ['operations/ecs-exec', 'operations/q/debugging'],
  entry: 'stack.ts',
  stackName: 'EcsExecLab',
  breaks: [
    {
      id: 'exec-locked-out',
      kind: 'code',
      story:
        'Last month a cleanup PR turned ECS Exec off "until we need it" and deleted the exec key and the session log group. ' +
        'Last night the app started answering 502 and its logs said nothing useful. The on-call ran `aws ecs execute-command` ' +
        'and was refused; at 02:40 a forum answer made them add the ssmmessages permissions to the execution role, which ' +
        'changed nothing, and the incident ended with a restart. The post-mortem wants exec back, working, and audited.',
      edits: [
        { file: 'stack.ts', find: IMPORT_ELBV2, replace: IMPORT_IAM },
        { file: 'stack.ts', find: EXEC_BLOCK, replace: PLAIN_CLUSTER },
        { file: 'stack.ts', find: TASK_DEFINITION, replace: TASK_DEFINITION_HOTFIX },
        { file: 'stack.ts', find: SERVICE_EXEC, replace: SERVICE_EXEC_OFF },
      ],
      breaks: ['ecs.exec-enabled', 'ecs.exec-audited'],
    },
  ],
  defaultBreak: 'exec-locked-out',
  checks: [
    { id: 'ecs.service-behind-listener', points: 1 },
    // Guard: nothing the offline checks cannot see (custom resources, transforms) may change what the lab is about.
    { id: 'app.verifiable-offline', params: { services: ['ecs', 'iam', 'kms', 'logs', 'ssmmessages', 'ssm'] }, points: 1 },
    { id: 'ecs.exec-enabled', points: 3 },
    { id: 'ecs.exec-audited', points: 3 },
    { id: 'ecs.exec-ready-container', points: 2 },
    // Passes with the NAT gateway; fails if the tasks move to isolated subnets without an ssmmessages endpoint.
    { id: 'ecs.exec-network-path', points: 1 },
  ],
  // Even before the break, the container is not ready for exec: the TODO in stack.ts.
  taskChecks: ['ecs.exec-ready-container'],
  hints: [
    'Follow one exec session from your laptop to a shell: who starts the agent in the container, whose credentials does that agent use, what encrypts the session and where is it written down? Then ask what the container itself must allow for the agent to run.',
    'Four places: the service (`enableExecuteCommand`), the cluster (`executeCommandConfiguration` with a `kmsKey`, `logging: OVERRIDE` and an encrypted `logConfiguration`), the task role (not the execution role: the hotfix statement does nothing there), and the container (`linuxParameters`, `readonlyRootFilesystem`, the service\'s `platformVersion`).',
    'Bring back a `kms.Key` (with rotation) and a `logs.LogGroup` encrypted with it; give the cluster `executeCommandConfiguration: { kmsKey, logging: ecs.ExecuteCommandLogging.OVERRIDE, logConfiguration: { cloudWatchLogGroup, cloudWatchEncryptionEnabled: true } }`; set `enableExecuteCommand: true` (CDK then grants the task role the channels, the key and the log group) and delete the `addToExecutionRolePolicy` hotfix; give the container `linuxParameters: new ecs.LinuxParameters(this, \'AppLinux\', { initProcessEnabled: true })`, drop `readonlyRootFilesystem` and the pinned `platformVersion`.',
  ],
});
