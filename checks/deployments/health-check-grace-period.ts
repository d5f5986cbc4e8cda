import type { ModelResource, StackModel } from '../../engine/model/model';
import { defineCheck, type Finding } from '../../engine/types';
import { ecsServices, targetGroupsOf } from './services';

export interface GraceParams {
  /** The longest grace period accepted, in seconds; default 300. */
  maxSeconds: number;
}

// AWS::ECS::Service HealthCheckGracePeriodSeconds: "If you don't specify a value, the default value of 0 is used."
const DEFAULT_GRACE_SECONDS = 0;
// ALB target groups: UnhealthyThresholdCount 2, HealthCheckIntervalSeconds 30 (ELB API reference, CreateTargetGroup).
const DEFAULT_UNHEALTHY_THRESHOLD = 2;
const DEFAULT_TARGET_INTERVAL_SECONDS = 30;

/**
 * The health check grace period fits the app: long enough that a task still starting is not
 * stopped for failing target health checks, short enough that a release that never gets healthy
 * is noticed quickly. The app's start-up time is what its container health check allows
 * (startPeriod); the load balancer marks a target unhealthy after UnhealthyThresholdCount ×
 * interval, and ECS ignores that verdict until the grace period is over.
 */
export const healthCheckGracePeriod = defineCheck<GraceParams>({
  id: 'deployments.health-check-grace-period',
  title: 'The health check grace period covers start-up, and no more',
  severity: 'medium',
  why:
    'For healthCheckGracePeriod seconds after a task starts, ECS ignores failing load balancer and container health checks. ' +
    'Too short and a slow-starting release is killed before it is ready, and the circuit breaker rolls back a good release. ' +
    'Too long and a release that will never be healthy keeps its tasks that long, each time, before the circuit breaker can count them.',
  refs: {
    wellArchitected: ['REL 8: How do you implement change?'],
    docs: [
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service_definition_parameters.html',
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/healthcheck.html',
    ],
  },
  params(raw) {
    const maxSeconds = raw.maxSeconds ?? 300;
    if (typeof maxSeconds !== 'number' || !Number.isInteger(maxSeconds) || maxSeconds < 0) {
      throw new Error('deployments.health-check-grace-period: maxSeconds must be a whole number of seconds');
    }
    return { maxSeconds };
  },
  offline({ model, params }) {
    const judged = ecsServices(model).filter((s) => targetHealthChecks(model, s).length > 0 || startPeriodOf(model, s) !== undefined);
    if (judged.length === 0) return { status: 'skip', reason: 'no ECS service has a load balancer or container health check, so the grace period is unused' };
    const findings = judged.flatMap((s) => graceFindings(model, s, params));
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});

function graceFindings(model: StackModel, svc: ModelResource, params: GraceParams): Finding[] {
  const grace = numberOr(svc.props.HealthCheckGracePeriodSeconds, DEFAULT_GRACE_SECONDS);
  const who = `service ${model.describe(svc.logicalId)}`;
  const out: Finding[] = [];
  if (grace > params.maxSeconds) {
    out.push(
      model.finding(
        svc.logicalId,
        `${who} has a health check grace period of ${grace} s: each task of a release that never gets healthy is kept that long before ECS counts it as failed, and the circuit breaker needs several of them`,
        `Keep the grace period at what start-up takes, at most ${params.maxSeconds} s; a slow start belongs in the container health check's startPeriod.`,
      ),
    );
  }
  const startPeriod = startPeriodOf(model, svc);
  const elbVerdicts = targetHealthChecks(model, svc).map((tg) => numberOr(tg.UnhealthyThresholdCount, DEFAULT_UNHEALTHY_THRESHOLD) * numberOr(tg.HealthCheckIntervalSeconds, DEFAULT_TARGET_INTERVAL_SECONDS));
  if (startPeriod !== undefined && elbVerdicts.length > 0) {
    const actsAfter = Math.max(grace, Math.min(...elbVerdicts));
    if (actsAfter < startPeriod) {
      out.push(
        model.finding(
          svc.logicalId,
          `${who} gives the app up to ${startPeriod} s to start (its container health check's startPeriod), but ECS acts on failing target health checks after ${actsAfter} s (grace period ${grace} s): a healthy release can be stopped while it starts`,
          `Set healthCheckGracePeriod to at least the start-up time, ${startPeriod} s.`,
        ),
      );
    }
  }
  return out;
}

/** The health check settings of the service's target groups that check at all. */
function targetHealthChecks(model: StackModel, svc: ModelResource): Record<string, any>[] {
  return targetGroupsOf(model, svc)
    .map((id) => model.resource(id)?.props ?? {})
    .filter((p) => p.HealthCheckEnabled !== false && p.HealthCheckEnabled !== 'false');
}

/** The longest startPeriod of the essential containers' health checks in the service's task definition. */
function startPeriodOf(model: StackModel, svc: ModelResource): number | undefined {
  const taskId = model.targetOf(svc.raw.Properties?.TaskDefinition);
  const containers = (model.resource(taskId ?? '')?.props.ContainerDefinitions ?? []) as Record<string, any>[];
  const periods = containers
    .filter((c) => c.Essential !== false && Array.isArray(c.HealthCheck?.Command) && c.HealthCheck.Command[0] !== 'NONE')
    .map((c) => numberOr(c.HealthCheck.StartPeriod, 0));
  return periods.length ? Math.max(...periods) : undefined;
}

function numberOr(value: unknown, fallback: number): number {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : fallback;
}
