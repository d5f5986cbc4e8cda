// Test fixture for the deployment checks: the lab's web app built from real constructs (Fargate
// service behind an internet-facing ALB, a container health check), with the deployment settings
// a test wants. Tests add alarms, scaling or a second service on what it returns.
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';

export const APP_PORT = 8080;
export const HEALTHY_PROBE = `curl -fsS http://localhost:${APP_PORT}/health || exit 1`;

export interface DeployStackOptions {
  desiredCount?: number;
  minHealthyPercent?: number;
  maxHealthyPercent?: number;
  circuitBreaker?: ecs.DeploymentCircuitBreaker;
  deploymentController?: ecs.DeploymentControllerType;
  deploymentStrategy?: ecs.DeploymentStrategy;
  /** The container health check's shell command; `none` leaves the health check out. */
  probe?: string | 'none';
  /** The target group health check's port (default: the traffic port). */
  targetHealthPort?: string;
  serviceName?: string;
  /** The container health check's startPeriod (how long the app may take to start). */
  startPeriod?: Duration;
  healthCheckGracePeriod?: Duration;
}

export function deployStack(opts: DeployStackOptions = {}) {
  const stack = new Stack(new App(), 'Test');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const task = new ecs.FargateTaskDefinition(stack, 'Task');
  task.addContainer('app', {
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/nginx:stable'),
    portMappings: [{ containerPort: APP_PORT }],
    healthCheck: opts.probe === 'none' ? undefined : { command: ['CMD-SHELL', opts.probe ?? HEALTHY_PROBE], interval: Duration.seconds(10), retries: 3, startPeriod: opts.startPeriod },
  });
  const service = new ecs.FargateService(stack, 'Service', {
    cluster,
    taskDefinition: task,
    serviceName: opts.serviceName,
    desiredCount: opts.desiredCount ?? 2,
    minHealthyPercent: opts.minHealthyPercent ?? 100,
    maxHealthyPercent: opts.maxHealthyPercent,
    circuitBreaker: opts.circuitBreaker,
    deploymentController: opts.deploymentController ? { type: opts.deploymentController } : undefined,
    deploymentStrategy: opts.deploymentStrategy,
    healthCheckGracePeriod: opts.healthCheckGracePeriod,
  });
  const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
  const targetGroup = alb.addListener('Http', { port: 80 }).addTargets('App', {
    port: APP_PORT,
    protocol: elbv2.ApplicationProtocol.HTTP,
    targets: [service],
    healthCheck: { path: '/health', port: opts.targetHealthPort },
  });
  return { stack, vpc, cluster, task, service, alb, targetGroup };
}
