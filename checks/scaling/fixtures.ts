// Test fixture for the scaling checks: the network checks' web app (two AZs, ALB, Fargate
// service) with auto scaling added the way a learner would write it.
import { Duration, type Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { webStack } from '../network/fixtures';

export interface ScaledStackOptions {
  /** Leave auto scaling out altogether. */
  none?: boolean;
  min?: number;
  max?: number;
  /** CPU target in percent; null leaves the CPU policy out. */
  cpu?: number | null;
  /** Requests per target per minute; undefined leaves the request-count policy out. */
  requests?: number;
  /** Count the requests of a second target group the service is not in. */
  foreignTargetGroup?: boolean;
  scaleOutCooldown?: number;
  scaleInCooldown?: number;
  /** A step scaling policy on a custom metric instead of target tracking. */
  stepOnly?: boolean;
  /** Target tracking on a custom CloudWatch metric instead of CPU. */
  customOnly?: boolean;
  disableScaleIn?: boolean;
}

export function scaledStack(opts: ScaledStackOptions = {}): Stack {
  const stack = webStack();
  if (opts.none) return stack;
  const service = stack.node.findChild('Service') as ecs.FargateService;
  const scaling = service.autoScaleTaskCount({ minCapacity: opts.min ?? 2, maxCapacity: opts.max ?? 8 });
  const cooldowns = {
    ...(opts.scaleOutCooldown !== undefined ? { scaleOutCooldown: Duration.seconds(opts.scaleOutCooldown) } : {}),
    ...(opts.scaleInCooldown !== undefined ? { scaleInCooldown: Duration.seconds(opts.scaleInCooldown) } : {}),
    ...(opts.disableScaleIn ? { disableScaleIn: true } : {}),
  };
  if (opts.stepOnly) {
    scaling.scaleOnMetric('Step', {
      metric: service.metricCpuUtilization(),
      scalingSteps: [{ upper: 30, change: -1 }, { lower: 70, change: +2 }],
    });
    return stack;
  }
  if (opts.customOnly) {
    const queueDepth = new cloudwatch.Metric({ namespace: 'Shop', metricName: 'QueueDepth', statistic: 'Average' });
    scaling.scaleToTrackCustomMetric('Queue', { metric: queueDepth, targetValue: 100, ...cooldowns });
    return stack;
  }
  if (opts.cpu !== null) scaling.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: opts.cpu ?? 60, ...cooldowns });
  if (opts.requests !== undefined) {
    const targetGroup = opts.foreignTargetGroup ? foreignGroup(stack) : (stack.node.findAll().find((c) => c instanceof elbv2.ApplicationTargetGroup) as elbv2.ApplicationTargetGroup);
    scaling.scaleOnRequestCount('Requests', { requestsPerTarget: opts.requests, targetGroup, ...cooldowns });
  }
  return stack;
}

/** A second target group on the same load balancer, with nothing of the service in it. */
function foreignGroup(stack: Stack): elbv2.ApplicationTargetGroup {
  const alb = stack.node.findChild('Alb') as elbv2.ApplicationLoadBalancer;
  const vpc = alb.vpc!;
  const group = new elbv2.ApplicationTargetGroup(stack, 'Other', { vpc, port: 8080, targetType: elbv2.TargetType.IP });
  alb.addListener('Admin', { port: 8443, protocol: elbv2.ApplicationProtocol.HTTP, open: false, defaultTargetGroups: [group] });
  return group;
}
