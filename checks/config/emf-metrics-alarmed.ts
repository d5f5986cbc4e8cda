import type { StackModel } from '../../engine/model/model';
import { defineCheck, type Finding } from '../../engine/types';
import { runTaskDefinitions } from '../docker/image-assets';
import { logGroupName } from './log-retention-encrypted';

// The settings of the aws-embedded-metrics client libraries (CloudWatch user guide, "Creating logs
// in embedded metric format using the client libraries").
const NAMESPACE = 'AWS_EMF_NAMESPACE';
const ENVIRONMENT = 'AWS_EMF_ENVIRONMENT';
// `Local` writes EMF documents to stdout, where the log driver ships them; `ECS`/`Agent` send them
// to a CloudWatch agent listening in the task.
const STDOUT = 'local';
const AGENT = new Set(['ecs', 'agent']);

const HINT =
  "Emit the app's metrics as EMF: set AWS_EMF_NAMESPACE and AWS_EMF_ENVIRONMENT=Local in the container's environment " +
  '(logs via awslogs to CloudWatch Logs extract them), and alarm on one: new cloudwatch.Metric({ namespace, metricName }).createAlarm(...).';

/**
 * The app publishes its own metrics in CloudWatch embedded metric format (EMF), and someone is
 * told when one goes wrong: a container the stack runs sets AWS_EMF_NAMESPACE, its EMF documents
 * reach CloudWatch Logs (stdout through awslogs or FireLens, or a CloudWatch agent container in the
 * task), and at least one CloudWatch alarm watches a metric in that namespace.
 */
export const emfMetricsAlarmed = defineCheck({
  id: 'config.emf-metrics-alarmed',
  title: 'The app publishes metrics with EMF, and an alarm watches one',
  severity: 'low',
  why:
    'CPU and memory say the task is busy, not that checkouts fail. Application metrics (orders, payment errors, queue ' +
    'age) say what users feel. The embedded metric format turns a structured log line into metrics without API calls ' +
    'or agents: the line reaches CloudWatch Logs anyway, and CloudWatch extracts the values. A metric nobody alarms on ' +
    'is only a graph.',
  refs: {
    wellArchitected: ['OPS08-BP01 Analyze workload metrics', 'OPS04-BP02 Implement application telemetry'],
    docs: [
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format.html',
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Libraries.html',
    ],
  },
  offline({ model }) {
    const tds = runTaskDefinitions(model);
    if (tds.length === 0) return { status: 'skip', reason: 'the stack runs no task definition' };
    const findings: Finding[] = [];
    const namespaces = new Map<string, string>();
    for (const td of tds) {
      const defs = (td.props.ContainerDefinitions ?? []) as Record<string, any>[];
      const hasAgent = defs.some((d) => /cloudwatch-agent/.test(String(d.Image ?? '')));
      for (const def of defs) {
        const env = new Map(((def.Environment ?? []) as Record<string, any>[]).map((e) => [String(e.Name), String(e.Value)]));
        const ns = env.get(NAMESPACE);
        if (!ns) continue;
        const who = `container ${def.Name ?? '?'} of ${model.describe(td.logicalId)}`;
        const mode = (env.get(ENVIRONMENT) ?? '').toLowerCase();
        if (mode === STDOUT && !logGroupName(def.LogConfiguration)) findings.push(model.finding(td.logicalId, `${who} writes EMF to stdout, but its logs do not go to CloudWatch Logs, so no metric is extracted`, HINT));
        else if (AGENT.has(mode) && !hasAgent) findings.push(model.finding(td.logicalId, `${who} sends EMF to a CloudWatch agent (${ENVIRONMENT}=${env.get(ENVIRONMENT)}), but the task has no CloudWatch agent container`, HINT));
        else if (mode !== STDOUT && !AGENT.has(mode)) findings.push(model.finding(td.logicalId, `${who} sets ${NAMESPACE} but not ${ENVIRONMENT} (Local for stdout), so the library guesses where to send the metrics`, HINT));
        namespaces.set(ns, td.logicalId);
      }
    }
    if (namespaces.size === 0) return { status: 'fail', findings: [model.finding(tds[0].logicalId, `no container the stack runs publishes application metrics with EMF (no ${NAMESPACE} in its environment)`, HINT)] };
    const watched = alarmedNamespaces(model);
    for (const [ns, td] of namespaces) {
      if (!watched.has(ns)) findings.push(model.finding(td, `no CloudWatch alarm watches a metric of the namespace ${ns} that the app publishes`, HINT));
    }
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});

/** The metric namespaces CloudWatch alarms of the stack watch (single metric or metric math). */
export function alarmedNamespaces(model: StackModel): Set<string> {
  const out = new Set<string>();
  for (const a of model.ofType('AWS::CloudWatch::Alarm')) {
    if (typeof a.props.Namespace === 'string') out.add(a.props.Namespace);
    for (const m of (a.props.Metrics ?? []) as Record<string, any>[]) {
      const ns = m?.MetricStat?.Metric?.Namespace;
      if (typeof ns === 'string') out.add(ns);
    }
  }
  return out;
}
