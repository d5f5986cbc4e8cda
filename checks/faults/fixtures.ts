// Test fixture for the fault checks: the labs' web service (VPC in two zones, ALB, Fargate
// service) with one experiment of ./stacks/faults beside it, and switches that take one guard
// rail or prerequisite away at a time, the way a learner (or a hurried teammate) would.
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import {
  AzOutageExperiment,
  CpuStressExperiment,
  faultReadyTaskProps,
  NetworkLatencyExperiment,
  prepareTaskForFaults,
  StopTasksExperiment,
  type FaultExperiment,
} from '../../stacks/faults';

export const LAB_ID = 'operations/resilience';

export type ExperimentKind = 'stop-tasks' | 'az-outage' | 'cpu-stress' | 'network-latency';

export interface FaultStackOptions {
  experiment?: ExperimentKind;
  /** Prepare the task definition for task-level actions (default: when the experiment needs it). */
  ready?: boolean;
  /** Build the task definition with faultReadyTaskProps() instead of relying on the L1 overrides. */
  readyProps?: boolean;
  /** ECS Exec on the service. */
  exec?: boolean;
  /** Change the synthesized experiment (an L1 escape hatch, as a learner would). */
  mutate?: (e: FaultExperiment, stack: Stack) => void;
}

export interface FaultStack {
  stack: Stack;
  experiment?: FaultExperiment;
  service: ecs.FargateService;
  taskDefinition: ecs.FargateTaskDefinition;
}

export function faultStack(opts: FaultStackOptions = {}): FaultStack {
  const stack = new Stack(new App(), 'Test');
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 2,
    natGateways: 1,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
      { name: 'App', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
    ],
  });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task', opts.readyProps ? faultReadyTaskProps() : {});
  taskDefinition.addContainer('app', { image: ecs.ContainerImage.fromRegistry('nginx'), portMappings: [{ containerPort: 8080 }] });
  const taskLevel = opts.experiment === 'cpu-stress' || opts.experiment === 'network-latency';
  if (opts.ready ?? taskLevel) prepareTaskForFaults(stack, taskDefinition);
  const service = new ecs.FargateService(stack, 'Service', { cluster, taskDefinition, desiredCount: 2, enableExecuteCommand: opts.exec });
  const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
  const targetGroup = alb.addListener('Http', { port: 80 }).addTargets('App', { port: 8080, targets: [service] });

  const base = { labId: LAB_ID, service, targetGroup };
  const duration = Duration.minutes(5);
  let experiment: FaultExperiment | undefined;
  switch (opts.experiment) {
    case 'stop-tasks':
      experiment = new StopTasksExperiment(stack, 'Chaos', { ...base, selection: { count: 1 } });
      break;
    case 'az-outage':
      experiment = new AzOutageExperiment(stack, 'Chaos', { ...base, vpc, duration });
      break;
    case 'cpu-stress':
      experiment = new CpuStressExperiment(stack, 'Chaos', { ...base, duration, percent: 90 });
      break;
    case 'network-latency':
      experiment = new NetworkLatencyExperiment(stack, 'Chaos', { ...base, duration, delayMs: 300 });
      break;
  }
  if (experiment) opts.mutate?.(experiment, stack);
  return { stack, experiment, service, taskDefinition };
}
