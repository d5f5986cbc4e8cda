// The shop's checkout service on ECS Fargate behind an internet-facing Application Load Balancer,
// released with zero downtime: ECS-native canary deployments with a test listener, a lifecycle
// hook that tests green before any customer reaches it, and the database migration as a one-off
// task that ECS runs before the new revision starts.
//
//   customers ───────────────────▶ ALB :80 ─ production rule ─▶ blue target group ─▶ 2 tasks (the running revision)
//   smoke tests (x-release-test) ─▶ ALB :80 ─ test rule ───────▶ green target group ─▶ 2 tasks (the release, while it deploys)
//
// The reference solution.
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';

/** The port the container listens on (nginx-unprivileged serves on 8080). */
const APP_PORT = 8080;
/** The smoke tests reach green with this header; customers never send it. */
const TEST_HEADER = 'x-release-test';
/** The slowest checkout request (the payment call) takes up to 20 s: a draining task gets 30 s to finish it. */
const DRAIN = Duration.seconds(30);
/** Carts live in the task's memory for an hour: a shopper stays on the task that holds theirs. */
const SESSION = Duration.hours(1);

export class ZeroDowntimeStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc });
    const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx-unprivileged:stable-alpine');

    // A quarter of a vCPU per task: about 50 checkout requests per second each, 2 tasks.
    const taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', { cpu: 256, memoryLimitMiB: 512 });
    taskDefinition.addContainer('web', {
      image,
      portMappings: [{ containerPort: APP_PORT }],
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'web' }),
      healthCheck: {
        command: ['CMD-SHELL', `wget -q --spider http://localhost:${APP_PORT}/ || exit 1`],
        interval: Duration.seconds(10),
        timeout: Duration.seconds(5),
        retries: 3,
        startPeriod: Duration.seconds(30),
      },
    });

    // ---- The migration: a one-off task, not part of the service ------------------------------
    // Same image, another command. It only EXPANDS the schema (add the new column, backfill it):
    // the running revision ignores what it does not know, so blue keeps working while it runs and
    // after. The CONTRACT step (drop the old column) ships in a later release, once no revision
    // that reads the old column is left running or able to come back by rollback.
    const migrationTask = new ecs.FargateTaskDefinition(this, 'MigrationTask', { cpu: 256, memoryLimitMiB: 512 });
    migrationTask.addContainer('migrate', {
      image,
      command: ['/app/migrate', '--expand-only'],
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'migrate' }),
    });

    // ---- Load balancer: two target groups, a production rule and a test rule ----------------
    const alb = new elbv2.ApplicationLoadBalancer(this, 'Alb', { vpc, internetFacing: true });
    const targetGroup = (name: string) =>
      new elbv2.ApplicationTargetGroup(this, name, {
        vpc,
        port: APP_PORT,
        protocol: elbv2.ApplicationProtocol.HTTP,
        targetType: elbv2.TargetType.IP,
        healthCheck: { path: '/', interval: Duration.seconds(10), healthyThresholdCount: 2, unhealthyThresholdCount: 3 },
        // Connection draining: a task leaving the target group finishes its in-flight requests.
        deregistrationDelay: DRAIN,
        // Stickiness: a shopper's requests go to the task that holds their cart.
        stickinessCookieDuration: SESSION,
      });
    const blue = targetGroup('Blue');
    const green = targetGroup('Green');

    const listener = alb.addListener('Http', { port: 80, open: true, defaultAction: elbv2.ListenerAction.forward([blue]) });
    // ECS moves production traffic by changing the production rule's weights, and points the
    // test rule at green while a release is tested. Both forward to both target groups.
    const productionRule = new elbv2.ApplicationListenerRule(this, 'ProductionRule', {
      listener,
      priority: 2,
      conditions: [elbv2.ListenerCondition.pathPatterns(['/*'])],
      action: elbv2.ListenerAction.weightedForward([{ targetGroup: blue, weight: 100 }, { targetGroup: green, weight: 0 }]),
    });
    const testRule = new elbv2.ApplicationListenerRule(this, 'TestRule', {
      listener,
      priority: 1,
      conditions: [elbv2.ListenerCondition.httpHeader(TEST_HEADER, ['green'])],
      action: elbv2.ListenerAction.weightedForward([{ targetGroup: blue, weight: 0 }, { targetGroup: green, weight: 100 }]),
    });

    // ---- Lifecycle hooks -----------------------------------------------------------------------
    // PRE_SCALE_UP: run the migration task and wait for it (IN_PROGRESS until it stops).
    const migrate = new lambda.Function(this, 'MigrateHook', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      timeout: Duration.minutes(1),
      environment: {
        CLUSTER: cluster.clusterArn,
        TASK_DEFINITION: migrationTask.taskDefinitionArn,
        SUBNETS: vpc.privateSubnets.map((s) => s.subnetId).join(','),
      },
      code: lambda.Code.fromInline(MIGRATE_HOOK),
    });
    migrationTask.grantRun(migrate);
    migrate.addToRolePolicy(new iam.PolicyStatement({
      actions: ['ecs:DescribeTasks'],
      resources: [this.formatArn({ service: 'ecs', resource: 'task', resourceName: `${cluster.clusterName}/*` })],
    }));

    // POST_TEST_TRAFFIC_SHIFT: smoke-test green through the test listener before any customer reaches it.
    const smokeTest = new lambda.Function(this, 'SmokeTestHook', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      timeout: Duration.minutes(1),
      environment: { TEST_URL: `http://${alb.loadBalancerDnsName}`, TEST_HEADER },
      code: lambda.Code.fromInline(SMOKE_TEST_HOOK),
    });

    const service = new ecs.FargateService(this, 'Service', {
      cluster,
      taskDefinition,
      desiredCount: 2,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      assignPublicIp: false,
      healthCheckGracePeriod: Duration.seconds(60),
      // ---- How ECS releases a new revision -----------------------------------------------------
      // Canary: 10 % of customers for 5 minutes, then everyone; blue stays 15 minutes more, so a
      // rollback is a weight change, not a redeploy.
      deploymentStrategy: ecs.DeploymentStrategy.CANARY,
      canaryConfiguration: { stepPercent: 10, stepBakeTime: Duration.minutes(5) },
      bakeTime: Duration.minutes(15),
    });
    service.addLifecycleHook(new ecs.DeploymentLifecycleLambdaTarget(migrate, 'Migrate', {
      lifecycleStages: [ecs.DeploymentLifecycleStage.PRE_SCALE_UP],
    }));
    service.addLifecycleHook(new ecs.DeploymentLifecycleLambdaTarget(smokeTest, 'SmokeTest', {
      lifecycleStages: [ecs.DeploymentLifecycleStage.POST_TEST_TRAFFIC_SHIFT],
    }));
    service.loadBalancerTarget({
      containerName: 'web',
      containerPort: APP_PORT,
      alternateTarget: new ecs.AlternateTarget('Green', {
        alternateTargetGroup: green,
        productionListener: ecs.ListenerRuleConfiguration.applicationListenerRule(productionRule),
        testListener: ecs.ListenerRuleConfiguration.applicationListenerRule(testRule),
      }),
    }).attachToApplicationTargetGroup(blue);
    // The migration task reaches the database from the same subnets as the service.
    migrate.addEnvironment('SECURITY_GROUPS', service.connections.securityGroups.map((g) => g.securityGroupId).join(','));
  }
}

/** The migration hook: start the one-off task, then answer IN_PROGRESS until it has stopped. */
const MIGRATE_HOOK = `
const { ECSClient, RunTaskCommand, DescribeTasksCommand } = require('@aws-sdk/client-ecs');
const ecs = new ECSClient();
exports.handler = async (event) => {
  const taskArn = event.hookDetails && event.hookDetails.taskArn;
  if (!taskArn) {
    const run = await ecs.send(new RunTaskCommand({
      cluster: process.env.CLUSTER, taskDefinition: process.env.TASK_DEFINITION, launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets: process.env.SUBNETS.split(','), securityGroups: process.env.SECURITY_GROUPS.split(',') } },
    }));
    return { hookStatus: 'IN_PROGRESS', callBackDelay: 15, hookDetails: { taskArn: run.tasks[0].taskArn } };
  }
  const { tasks } = await ecs.send(new DescribeTasksCommand({ cluster: process.env.CLUSTER, tasks: [taskArn] }));
  if (tasks[0].lastStatus !== 'STOPPED') return { hookStatus: 'IN_PROGRESS', callBackDelay: 15, hookDetails: { taskArn } };
  return { hookStatus: tasks[0].containers.every((c) => c.exitCode === 0) ? 'SUCCEEDED' : 'FAILED' };
};`;

/** The smoke test: the pages a customer needs must answer 2xx on green. */
const SMOKE_TEST_HOOK = `
exports.handler = async () => {
  for (const path of ['/', '/cart', '/checkout/health']) {
    const res = await fetch(process.env.TEST_URL + path, { headers: { [process.env.TEST_HEADER]: 'green' } }).catch(() => undefined);
    if (!res || !res.ok) return { hookStatus: 'FAILED' };
  }
  return { hookStatus: 'SUCCEEDED' };
};`;
