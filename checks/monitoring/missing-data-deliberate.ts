import { defineCheck, type Finding } from '../../engine/types';
import { readAlarms, type AlarmView } from './alarms';

/** CloudWatch's TreatMissingData values, as CloudFormation spells them. */
const TREATMENTS = ['breaching', 'notBreaching', 'ignore', 'missing'];

/** A metric whose silence means something definite, and the treatment that says so. */
interface Rule {
  namespaces: string[];
  metric: RegExp;
  want: 'breaching' | 'notBreaching';
  because: string;
}

// Reporting criteria from https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
const RULES: Rule[] = [
  {
    namespaces: ['AWS/ApplicationELB'],
    metric: /^HTTPCode_(Target|ELB)_(4XX|5XX|5\d\d)_Count$/,
    want: 'notBreaching',
    because: 'the load balancer reports it only when it is not zero, so no data means no errors, not an outage',
  },
  {
    namespaces: ['AWS/ApplicationELB', 'AWS/NetworkELB'],
    metric: /^(UnHealthyHostCount|HealthyHostCount)$/,
    want: 'breaching',
    because: 'the load balancer reports it every minute while health checks run, so no data means the alarm is watching nothing (a wrong dimension, a target group gone)',
  },
];

/**
 * Every alarm says what missing data means for it (TreatMissingData), and the alarms whose missing
 * data means something definite say that: error counts are not breaching when absent, target
 * health is breaching when absent. The default, `missing`, lets an alarm drift to
 * INSUFFICIENT_DATA — where no alarm action runs — exactly when a metric goes quiet.
 */
export const missingDataDeliberate = defineCheck({
  id: 'monitoring.missing-data-deliberate',
  title: 'Every alarm treats missing data on purpose: error counts as fine, health as broken',
  severity: 'medium',
  why:
    'No data can mean "nothing went wrong" (a 5xx count is only reported when there are errors) or "we are blind" (target ' +
    'health is reported every minute, so silence means the alarm watches nothing). Treat the first as notBreaching so quiet ' +
    'nights do not page, and the second as breaching so an alarm on a dimension that matches nothing fires instead of staying green.',
  refs: {
    wellArchitected: ['REL 6: How do you monitor workload resources?'],
    docs: [
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-missing-data',
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html',
    ],
  },
  offline({ model }) {
    const alarms = readAlarms(model);
    if (alarms.length === 0) return { status: 'skip', reason: 'the stack has no CloudWatch alarm' };
    const findings = alarms.flatMap((a): Finding[] => {
      const problem = missingDataProblem(a);
      return problem ? [model.finding(a.logicalId, `alarm ${model.describe(a.logicalId)} (${watched(a)}): ${problem.message}`, problem.hint)] : [];
    });
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});

export function missingDataProblem(alarm: AlarmView): { message: string; hint: string } | undefined {
  const treatment = alarm.treatMissingData;
  // A metric-math alarm combines metrics whose silences can mean different things; it only has to decide.
  const rule = alarm.metrics.length === 1 ? RULES.find((r) => r.namespaces.includes(String(alarm.metrics[0].namespace)) && r.metric.test(String(alarm.metrics[0].metricName))) : undefined;
  if (rule && treatment !== rule.want) {
    const now = treatment ?? 'missing, the default';
    return {
      message: `treats missing data as ${now}; it should be ${rule.want}: ${rule.because}`,
      hint: `Set treatMissingData: cloudwatch.TreatMissingData.${rule.want === 'breaching' ? 'BREACHING' : 'NOT_BREACHING'}.`,
    };
  }
  if (treatment === undefined) {
    return {
      message: 'leaves TreatMissingData at its default (missing), so when the metric goes quiet the alarm drifts to INSUFFICIENT_DATA and its alarm actions do not run',
      hint: 'Decide what no data means for this metric and set treatMissingData (BREACHING, NOT_BREACHING, IGNORE or MISSING).',
    };
  }
  if (!TREATMENTS.includes(treatment)) return { message: `has TreatMissingData ${treatment}, which CloudWatch does not accept`, hint: `Use one of ${TREATMENTS.join(', ')}.` };
  return undefined;
}

function watched(a: AlarmView): string {
  return a.metrics.map((m) => m.metricName).join(', ') || 'a metric expression';
}
