import type { ModelResource, StackModel } from '../../engine/model/model';
import { defineCheck, type Finding } from '../../engine/types';
import { deploymentOf, ecsServices, refersTo, serviceNameOf, targetGroupsOf } from './services';

/** Dimensions through which an alarm's metric is about one ECS service: its own, or its target group's. */
const SERVICE_DIMENSION = 'ServiceName';
const TARGET_GROUP_DIMENSION = 'TargetGroup';

/**
 * Every service ECS deploys itself names deployment alarms, with rollback, and each named alarm
 * is a CloudWatch alarm of this stack that watches this service: a metric with the service's
 * ServiceName (AWS/ECS, Container Insights) or one of its target groups (AWS/ApplicationELB). An
 * alarm whose name is a reference to itself while its metric references the service makes a
 * circular dependency that CloudFormation refuses, so that fails too.
 */
export const alarmsWatchRelease = defineCheck({
  id: 'deployments.alarms-watch-release',
  title: 'Deployment alarms that watch this service roll a bad release back',
  severity: 'medium',
  why:
    'The circuit breaker only sees tasks that fail to start or fail their health checks. A release that passes its health ' +
    'check but answers real requests with errors completes happily. Deployment alarms let ECS watch what users see (5xx, ' +
    'unhealthy targets, latency) during the deployment and its bake time, and roll back when an alarm fires.',
  refs: {
    wellArchitected: ['REL 8: How do you implement change?', 'OPS 6: How do you mitigate deployment risks?'],
    docs: ['https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-alarm-failure.html'],
  },
  offline({ model }) {
    const services = ecsServices(model).filter((s) => deploymentOf(s).controller === 'ECS');
    if (services.length === 0) return { status: 'skip', reason: 'the stack has no ECS service deployed by ECS itself, so no deployment to watch' };
    const findings = services.flatMap((s) => alarmFindings(model, s));
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});

function alarmFindings(model: StackModel, svc: ModelResource): Finding[] {
  const { alarms } = deploymentOf(svc);
  const who = `service ${model.describe(svc.logicalId)}`;
  const out: Finding[] = [];
  const add = (message: string, hint: string) => out.push(model.finding(svc.logicalId, message, hint));
  if (!alarms?.enable || alarms.names.length === 0) {
    add(`${who} has no deployment alarms: a release whose tasks pass their health checks but fail real requests completes`, 'Give the service deploymentAlarms: { alarmNames: [...], behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM } with alarms on its errors or unhealthy targets.');
    return out;
  }
  if (!alarms.rollback) {
    add(`${who} fails a deployment on alarm but does not roll it back (FAIL_ON_ALARM): the bad release stays until someone deploys again`, 'Use behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM.');
  }
  const byName = alarmsByName(model);
  // The names as written in the template (a Ref to an alarm, or a string): the cycle shows only there.
  const rawNames = (svc.raw.Properties?.DeploymentConfiguration?.Alarms?.AlarmNames ?? []) as unknown[];
  for (const raw of rawNames) {
    const name = String(model.resolve(raw));
    const alarmId = byName.get(name);
    if (!alarmId) {
      add(`${who} names the deployment alarm "${name}", which is not an alarm of this stack, so nothing shows what it watches`, 'Create the alarm in this stack (cloudwatch.Alarm) and pass its name.');
      continue;
    }
    const alarm = model.resource(alarmId)!;
    const what = `alarm ${model.describe(alarmId)}`;
    if (refersTo(raw, alarmId) && refersTo(alarm.raw.Properties, svc.logicalId)) {
      out.push(model.finding(alarmId, `${what} is named by reference while its metric references ${who}: the service and the alarm depend on each other, and CloudFormation refuses the cycle`, 'Give the alarm a fixed alarmName and pass that string, or alarm on the target group\'s metrics (which do not reference the service).'));
      continue;
    }
    if (!watchesService(model, alarm, svc)) {
      out.push(model.finding(alarmId, `${what} is a deployment alarm of ${who} but watches none of its metrics (no ${SERVICE_DIMENSION} of this service, no ${TARGET_GROUP_DIMENSION} it is registered with), so it says nothing about this release`, 'Alarm on the service\'s target group (HTTPCode_Target_5XX_Count, UnHealthyHostCount) or on its own ECS metrics.'));
    }
  }
  return out;
}

/** Every CloudWatch alarm of the stack by the name it will have (its Ref). */
function alarmsByName(model: StackModel): Map<string, string> {
  return new Map(model.ofType('AWS::CloudWatch::Alarm').map((a) => [String(model.resolve({ Ref: a.logicalId })), a.logicalId]));
}

/** Whether one of the alarm's metrics (a single metric or any metric of a math expression) is about this service. */
function watchesService(model: StackModel, alarm: ModelResource, svc: ModelResource): boolean {
  const serviceName = serviceNameOf(model, svc.logicalId);
  const targetGroups = new Set(targetGroupsOf(model, svc).map((tg) => String(model.resolve({ 'Fn::GetAtt': [tg, 'TargetGroupFullName'] }))));
  const dimensionSets: unknown[] = [alarm.props.Dimensions, ...((alarm.props.Metrics ?? []) as any[]).map((m) => m?.MetricStat?.Metric?.Dimensions)];
  return dimensionSets.some((dims) =>
    (Array.isArray(dims) ? dims : []).some(
      (d: any) => (d?.Name === SERVICE_DIMENSION && d.Value === serviceName) || (d?.Name === TARGET_GROUP_DIMENSION && targetGroups.has(d.Value)),
    ),
  );
}
