import type { StackModel } from '../../engine/model/model';
import { defineCheck, type Finding } from '../../engine/types';
import { notifiedTopics, readAlarms, type AlarmView, type WatchedMetric } from './alarms';

/** What a web service on ECS behind an ALB has to be alarmed on, and how CloudWatch names it. */
export interface Signal {
  label: string;
  namespace: string;
  metricNames: string[];
  /** Dimensions the metric must be taken at (CloudWatch does not add up across them). */
  dimensions: string[];
  /** A statistic the alarm must use, when the signal is about the tail rather than the mean. */
  statistic?: { test: (stat: string) => boolean; wanted: string };
  /** Which resource a missing alarm is reported on. */
  subject: 'service' | 'load-balancer';
  /** How to add the alarm in CDK. */
  hint: string;
}

/** The lowest percentile that counts as watching tail latency. */
const TAIL_PERCENTILE = 99;

// Metric names and dimensions: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/available-metrics.html
// and https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
export const SIGNALS = {
  cpu: {
    label: 'service CPU (AWS/ECS CPUUtilization)',
    namespace: 'AWS/ECS',
    metricNames: ['CPUUtilization'],
    dimensions: ['ClusterName', 'ServiceName'],
    subject: 'service',
    hint: 'Alarm on service.metricCpuUtilization() with an SNS action.',
  },
  memory: {
    label: 'service memory (AWS/ECS MemoryUtilization)',
    namespace: 'AWS/ECS',
    metricNames: ['MemoryUtilization'],
    dimensions: ['ClusterName', 'ServiceName'],
    subject: 'service',
    hint: 'Alarm on service.metricMemoryUtilization() with an SNS action.',
  },
  '5xx': {
    label: '5xx responses (AWS/ApplicationELB HTTPCode_Target_5XX_Count or HTTPCode_ELB_5XX_Count)',
    namespace: 'AWS/ApplicationELB',
    metricNames: ['HTTPCode_Target_5XX_Count', 'HTTPCode_ELB_5XX_Count'],
    dimensions: ['LoadBalancer'],
    subject: 'load-balancer',
    hint: 'Alarm on alb.metrics.httpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT) (or httpCodeElb) with an SNS action.',
  },
  'unhealthy-hosts': {
    label: 'unhealthy targets (AWS/ApplicationELB UnHealthyHostCount)',
    namespace: 'AWS/ApplicationELB',
    metricNames: ['UnHealthyHostCount'],
    dimensions: ['TargetGroup', 'LoadBalancer'],
    subject: 'load-balancer',
    hint: 'Alarm on targetGroup.metrics.unhealthyHostCount() with an SNS action.',
  },
  'p99-latency': {
    label: 'p99 latency (AWS/ApplicationELB TargetResponseTime, p99)',
    namespace: 'AWS/ApplicationELB',
    metricNames: ['TargetResponseTime'],
    dimensions: ['LoadBalancer'],
    statistic: { test: (s) => percentile(s) >= TAIL_PERCENTILE, wanted: `p${TAIL_PERCENTILE} (or a higher percentile)` },
    subject: 'load-balancer',
    hint: "Alarm on targetGroup.metrics.targetResponseTime({ statistic: 'p99' }) with an SNS action.",
  },
} satisfies Record<string, Signal>;

export type SignalId = keyof typeof SIGNALS;

interface Params {
  signals: SignalId[];
}

/**
 * The service has an alarm for each signal that matters to its users and its operators — CPU,
 * memory, 5xx responses, unhealthy targets, p99 latency — and each of those alarms notifies an SNS
 * topic of this stack. It judges what the alarms watch (namespace, metric, the dimensions it is
 * taken at, the statistic), not whether the dimension values are this stack's: that is
 * monitoring.alarm-dimensions-resolve.
 */
export const alarmsCoverService = defineCheck<Params>({
  id: 'monitoring.alarms-cover-service',
  title: 'CPU, memory, 5xx, unhealthy targets and p99 latency each have an alarm that notifies someone',
  severity: 'high',
  why:
    'Each signal answers a different question: are the tasks running out of CPU or memory, are users getting errors, are ' +
    'targets failing their health checks, are the slowest requests too slow. An alarm without an action only changes ' +
    'colour on a dashboard nobody watches at 3 a.m.; p99 latency, unlike the average, shows the requests that time out.',
  refs: {
    wellArchitected: ['REL 6: How do you monitor workload resources?', 'OPS 8: How do you utilize workload observability in your organization?'],
    soc2: ['CC7.2'],
    docs: [
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html',
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html',
    ],
  },
  params(raw) {
    const signals = raw.signals ?? Object.keys(SIGNALS);
    if (!Array.isArray(signals) || signals.length === 0 || !signals.every((s) => typeof s === 'string' && s in SIGNALS)) {
      throw new Error(`signals must be a non-empty list of ${Object.keys(SIGNALS).join(', ')}`);
    }
    return { signals: signals as SignalId[] };
  },
  offline({ model, params }) {
    const service = model.ofType('AWS::ECS::Service')[0];
    if (!service) return { status: 'skip', reason: 'the stack has no ECS service to monitor' };
    const alarms = readAlarms(model);
    const findings = params.signals.flatMap((id) => coverage(model, SIGNALS[id], alarms, service.logicalId));
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});

function coverage(model: StackModel, signal: Signal, alarms: AlarmView[], serviceId: string): Finding[] {
  const watching = alarms.filter((a) => a.metrics.some((m) => watches(m, signal)));
  if (watching.some((a) => notifiedTopics(model, a).length > 0)) return [];
  if (watching.length) {
    return watching.map((a) =>
      model.finding(a.logicalId, `alarm ${model.describe(a.logicalId)} watches ${signal.label} but notifies no SNS topic of this stack`, 'Give it an action: alarm.addAlarmAction(new cloudwatch_actions.SnsAction(topic)), with ActionsEnabled left on.'),
    );
  }
  const subject = signal.subject === 'load-balancer' ? (model.ofType('AWS::ElasticLoadBalancingV2::LoadBalancer')[0]?.logicalId ?? serviceId) : serviceId;
  return [model.finding(subject, `no alarm watches ${signal.label}${nearMiss(alarms, signal)}`, signal.hint)];
}

/** Whether a metric is the signal, taken at its dimensions with the statistic it needs. */
export function watches(m: WatchedMetric, signal: Signal): boolean {
  if (m.namespace !== signal.namespace || !signal.metricNames.includes(String(m.metricName))) return false;
  if (!signal.dimensions.every((d) => m.dimensions.some((x) => x.name === d))) return false;
  return !signal.statistic || signal.statistic.test(String(m.statistic ?? ''));
}

// Why an alarm on the right metric does not count, so the learner sees what to change.
function nearMiss(alarms: AlarmView[], signal: Signal): string {
  for (const m of alarms.flatMap((a) => a.metrics)) {
    if (m.namespace !== signal.namespace || !signal.metricNames.includes(String(m.metricName))) continue;
    const missing = signal.dimensions.filter((d) => !m.dimensions.some((x) => x.name === d));
    if (missing.length) return ` (an alarm on ${m.metricName} leaves out the ${missing.join(' and ')} dimension)`;
    if (signal.statistic && !signal.statistic.test(String(m.statistic ?? ''))) return ` (an alarm on ${m.metricName} uses ${m.statistic ?? 'no statistic'}; it needs ${signal.statistic.wanted})`;
  }
  return '';
}

/** `p99` → 99, `p99.9` → 99.9; anything else (Average, tm99, p50) → below any tail. */
export function percentile(stat: string): number {
  const match = /^p(\d{1,2}(?:\.\d+)?)$/i.exec(stat.trim());
  return match ? Number(match[1]) : -1;
}
