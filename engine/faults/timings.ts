// Every timing the simulator assumes that the template cannot tell: how fast ECS reacts, how long a
// task takes to start, how CloudWatch feeds target tracking. Facts the template does say (health
// check intervals, cooldowns, deployment percentages) come from the topology, with AWS's defaults
// when absent (see ./topology). A replay is only as good as these numbers: each says where it is from.

export interface SimTimings {
  /** Length of one simulation step in seconds. */
  stepSeconds: number;
  /** From a task stopping (or a shortfall) until the ECS service scheduler launches its replacement. */
  schedulerReactionSeconds: number;
  /** From launch until a Fargate task is RUNNING: capacity provisioning, ENI attachment, image pull, container start. */
  fargateTaskStartSeconds: number;
  /** The same on EC2 container instances that already have capacity (and usually the image cached). */
  ec2TaskStartSeconds: number;
  /** Period of the ECS service metrics (CPUUtilization, MemoryUtilization) and of ALB RequestCountPerTarget. */
  metricPeriodSeconds: number;
  /** Consecutive breaching datapoints the target tracking scale-out alarm needs. */
  scaleOutDatapoints: number;
  /** Consecutive datapoints below target the target tracking scale-in alarm needs. */
  scaleInDatapoints: number;
  /** Deployment circuit breaker: threshold = clamp(factor × desired count, min, max) failed tasks. */
  circuitBreakerFactor: number;
  circuitBreakerMin: number;
  circuitBreakerMax: number;
  /**
   * A task with neither a load balancer nor a container health check counts as healthy for a deployment
   * this long after RUNNING.
   */
  uncheckedTaskHealthySeconds: number;
  /** ECS blue/green, canary, linear: how long one deployment lifecycle hook takes to return its verdict. */
  lifecycleHookSeconds: number;
}

export const DEFAULT_TIMINGS: SimTimings = {
  // Fine enough for 5–30 s health check intervals, coarse enough to stay cheap (a 30 min replay is 360 steps).
  stepSeconds: 5,
  // AWS publishes no figure; the service scheduler reconciles desired and running counts continuously and
  // replacements are typically launched within seconds of a task stopping (ECS developer guide, "Service
  // scheduler concepts"). 10 s is an assumption, kept small on purpose.
  schedulerReactionSeconds: 10,
  // Not a published guarantee: the ECS best practices guide ("Speeding up task launch") describes
  // provisioning, ENI attachment and image pull; for a small image about a minute is typical on Fargate.
  fargateTaskStartSeconds: 60,
  // On EC2 with free capacity there is no provisioning and the image is usually cached; assumption.
  ec2TaskStartSeconds: 30,
  // ECS sends service CPU and memory utilization to CloudWatch at 1-minute resolution (ECS developer guide,
  // "Amazon ECS CloudWatch metrics"); ALB RequestCountPerTarget is a 1-minute sum as well.
  metricPeriodSeconds: 60,
  // Target tracking creates the alarms itself: scale out on 3 consecutive 1-minute datapoints above the
  // target, scale in on 15 below it (Application Auto Scaling user guide, "Target tracking scaling policies").
  scaleOutDatapoints: 3,
  scaleInDatapoints: 15,
  // "The deployment circuit breaker has a minimum threshold of 3 and a maximum threshold of 200 and uses
  // 0.5 * desired task count" (ECS API reference, ServiceDeploymentCircuitBreaker; rounded up here).
  circuitBreakerFactor: 0.5,
  circuitBreakerMin: 3,
  circuitBreakerMax: 200,
  // "If a task has no essential containers with a health check defined, the service scheduler will wait for
  // 40 seconds after a task reaches a RUNNING state before the task is counted towards the minimum healthy
  // percent total" (CloudFormation, AWS::ECS::Service DeploymentConfiguration, MinimumHealthyPercent).
  uncheckedTaskHealthySeconds: 40,
  // A hook answers SUCCEEDED, FAILED or IN_PROGRESS; on IN_PROGRESS ECS invokes it again after 30 s by default
  // (ECS developer guide, "Lambda hooks for Amazon ECS service deployments"). Assumption: one callback interval.
  lifecycleHookSeconds: 30,
};

/**
 * Failed tasks at which the circuit breaker fails a deployment of `desired` tasks. A ThresholdConfiguration
 * changes the rule: COUNT is the threshold itself, BOUNDED_PERCENT (the default, value 50) is value % of the
 * desired count within the min and max, UNBOUNDED_PERCENT the same without them (at least one failure).
 */
export function circuitBreakerThreshold(desired: number, t: SimTimings = DEFAULT_TIMINGS, config?: { type: string; value: number }): number {
  if (config?.type === 'COUNT') return Math.max(1, Math.ceil(config.value));
  const share = config ? config.value / 100 : t.circuitBreakerFactor;
  const raw = Math.ceil(share * desired - 1e-9);
  if (config?.type === 'UNBOUNDED_PERCENT') return Math.max(1, raw);
  return Math.min(t.circuitBreakerMax, Math.max(t.circuitBreakerMin, raw));
}
