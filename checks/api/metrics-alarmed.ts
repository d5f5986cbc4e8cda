import type { ModelResource, StackModel } from '../../engine/model/model';
import { defineCheck, type Finding } from '../../engine/types';
import { notifiedTopics, readAlarms, type AlarmView, type WatchedMetric } from '../monitoring/alarms';

// Metric names and dimensions of an Application Load Balancer; for every count the useful
// statistic is Sum (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html).
const NAMESPACE = 'AWS/ApplicationELB';
const REQUESTS = 'RequestCount';
const ERRORS = {
  '4xx-rate': ['HTTPCode_Target_4XX_Count', 'HTTPCode_ELB_4XX_Count'],
  '5xx-rate': ['HTTPCode_Target_5XX_Count', 'HTTPCode_ELB_5XX_Count'],
} as const;
const SUM = 'Sum';

type SignalId = keyof typeof ERRORS | 'request-count';
const SIGNALS: SignalId[] = ['4xx-rate', '5xx-rate', 'request-count'];

interface Params {
  signals: SignalId[];
}

const RATE_HINT = (id: keyof typeof ERRORS) => {
  const metric = id === '4xx-rate' ? 'HttpCodeTarget.TARGET_4XX_COUNT' : 'HttpCodeTarget.TARGET_5XX_COUNT';
  return (
    `Alarm on a rate, not a count: new cloudwatch.MathExpression({ expression: '100 * FILL(errors, 0) / requests', usingMetrics: ` +
    `{ errors: alb.metrics.httpCodeTarget(elbv2.${metric}), requests: alb.metrics.requestCount() } }), with an SNS action.`
  );
};

/**
 * An API's load balancer has alarms that notify someone on the 4xx rate, the 5xx rate (each the
 * error count divided by RequestCount in a metric math expression, both as Sum) and the request
 * count itself (traffic that drops to nothing or surges). A count of errors alone is not a rate:
 * 50 errors a minute is an outage at 60 requests and noise at 60,000. p99 latency is
 * monitoring.alarms-cover-service's signal, and whether the dimensions name this load balancer is
 * monitoring.alarm-dimensions-resolve's.
 */
export const metricsAlarmed = defineCheck<Params>({
  id: 'api.metrics-alarmed',
  title: 'The API\'s 4xx rate, 5xx rate and request count each have an alarm that notifies someone',
  severity: 'medium',
  why:
    'An API is healthy when the share of failed requests stays small and traffic looks like traffic. A 5xx rate shows ' +
    'the service failing its clients; a 4xx rate that jumps shows a broken client release, an attack or a rate limit ' +
    'biting; a request count that falls to zero shows clients that cannot reach you at all. Rates, unlike counts, mean ' +
    'the same at 3 a.m. and at the daily peak.',
  refs: {
    wellArchitected: ['REL06-BP01 Monitor all components for the workload', 'OPS08-BP01 Analyze workload metrics'],
    docs: [
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html',
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html',
    ],
  },
  params(raw) {
    const signals = raw.signals ?? SIGNALS;
    if (!Array.isArray(signals) || signals.length === 0 || !signals.every((s) => SIGNALS.includes(s as SignalId))) {
      throw new Error(`api.metrics-alarmed: signals must be a non-empty list of ${SIGNALS.join(', ')}`);
    }
    return { signals: signals as SignalId[] };
  },
  offline({ model, params }) {
    const alb = model.ofType('AWS::ElasticLoadBalancingV2::LoadBalancer').find((lb) => (lb.props.Type ?? 'application') === 'application');
    if (!alb) return { status: 'skip', reason: 'the stack has no application load balancer whose API metrics could be alarmed' };
    const alarms = readAlarms(model);
    const findings = params.signals.flatMap((id) => judge(model, alb, alarms, id));
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});

function judge(model: StackModel, alb: ModelResource, alarms: AlarmView[], id: SignalId): Finding[] {
  const matching = alarms.filter((a) => (id === 'request-count' ? watchesTraffic(a) : isRate(model, a.logicalId, ERRORS[id])));
  if (matching.some((a) => notifiedTopics(model, a).length > 0)) return [];
  if (matching.length) {
    return matching.map((a) => model.finding(a.logicalId, `alarm ${model.describe(a.logicalId)} watches the ${label(id)} but notifies no SNS topic of this stack`, 'Give it an action: alarm.addAlarmAction(new cloudwatch_actions.SnsAction(topic)).'));
  }
  const hint = id === 'request-count' ? "Alarm on alb.metrics.requestCount() (Sum) — for example below a floor that normal traffic never reaches — with an SNS action." : RATE_HINT(id);
  return [model.finding(alb.logicalId, `no alarm watches the ${label(id)} of load balancer ${model.describe(alb.logicalId)}${nearMiss(model, alarms, id)}`, hint)];
}

const label = (id: SignalId) => (id === 'request-count' ? 'request count (RequestCount)' : `${id.slice(0, 3)} rate (${ERRORS[id][0]} / RequestCount)`);

const isAlbMetric = (m: WatchedMetric, names: readonly string[]) =>
  m.namespace === NAMESPACE && names.includes(String(m.metricName)) && m.dimensions.some((d) => d.name === 'LoadBalancer');

/** Traffic itself: RequestCount of the load balancer, not as the denominator of an error rate. */
function watchesTraffic(a: AlarmView): boolean {
  return a.metrics.some((m) => isAlbMetric(m, [REQUESTS])) && !a.metrics.some((m) => /^HTTPCode_/.test(String(m.metricName)));
}

/**
 * A metric math alarm whose expression divides an error count by RequestCount of the load
 * balancer, both taken as Sum: `e / r`, `100 * e / r`, `100 * FILL(e, 0) / r`, `(e4 + e5) / r`.
 */
export function isRate(model: StackModel, alarmId: string, errorNames: readonly string[]): boolean {
  const metrics: any[] = model.resource(alarmId)?.props.Metrics ?? [];
  if (!Array.isArray(metrics)) return false;
  const ids = (names: readonly string[]) =>
    metrics
      .filter((m) => m?.MetricStat && m.MetricStat.Stat === SUM)
      .filter((m) => isAlbMetric({ namespace: m.MetricStat.Metric?.Namespace, metricName: m.MetricStat.Metric?.MetricName, dimensions: (m.MetricStat.Metric?.Dimensions ?? []).map((d: any) => ({ name: d?.Name, raw: d?.Value, value: d?.Value })) }, names))
      .map((m) => String(m.Id));
  const errors = ids(errorNames);
  const requests = ids([REQUESTS]);
  return metrics
    .filter((m) => typeof m?.Expression === 'string' && m.ReturnData !== false)
    .some((m) => errors.some((e) => requests.some((r) => divides(m.Expression, e, r))));
}

/** The numerator id stands before the expression's division and the denominator id after it. */
export function divides(expression: string, numerator: string, denominator: string): boolean {
  const slash = expression.indexOf('/');
  if (slash < 0) return false;
  const mentions = (text: string, id: string) => new RegExp(`(^|[^\\w])${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w])`).test(text);
  return mentions(expression.slice(0, slash), numerator) && mentions(expression.slice(slash + 1), denominator);
}

// Why an alarm on the error metric does not count, so the learner sees what to change.
function nearMiss(model: StackModel, alarms: AlarmView[], id: SignalId): string {
  if (id === 'request-count') return '';
  for (const a of alarms) {
    const m = a.metrics.find((x) => isAlbMetric(x, ERRORS[id]));
    if (m) return ` (alarm ${model.describe(a.logicalId)} watches ${m.metricName}, but not divided by RequestCount with both as Sum)`;
  }
  return '';
}

