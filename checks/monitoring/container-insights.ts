import { defineCheck } from '../../engine/types';

/** Container Insights levels, weakest first, as the cluster setting `containerInsights` spells them. */
export const INSIGHTS_LEVELS = ['disabled', 'enabled', 'enhanced'] as const;
export type InsightsLevel = (typeof INSIGHTS_LEVELS)[number];

interface Params {
  /** The least a cluster must turn on: `enabled` (cluster and service metrics) or `enhanced` (down to tasks and containers). */
  minimum: Exclude<InsightsLevel, 'disabled'>;
}

/**
 * Every ECS cluster of the stack turns on CloudWatch Container Insights in its own settings
 * (`ClusterSettings: containerInsights`), at least at the level the lab asks for. An account-wide
 * default is invisible in the template and can be changed by anyone, so the check wants the
 * cluster to say it.
 */
export const containerInsights = defineCheck<Params>({
  id: 'monitoring.container-insights',
  title: 'Container Insights is turned on for the cluster',
  severity: 'medium',
  why:
    'The AWS/ECS namespace has only CPU and memory utilization per service. Container Insights adds running and pending ' +
    'task counts, deployments, network and storage, and with enhanced observability the same per task and per ' +
    'container, so you can tell one hot task from a hot service, and a crash loop from a quiet night.',
  refs: {
    securityHub: ['ECS.12'],
    cdkNag: ['AwsSolutions-ECS4'],
    wellArchitected: ['OPS 8: How do you utilize workload observability in your organization?'],
    docs: [
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/ContainerInsights.html',
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cloudwatch-container-insights.html',
    ],
  },
  params(raw) {
    const minimum = raw.minimum ?? 'enabled';
    if (minimum !== 'enabled' && minimum !== 'enhanced') throw new Error('minimum must be "enabled" or "enhanced"');
    return { minimum };
  },
  offline({ model, params }) {
    const clusters = model.ofType('AWS::ECS::Cluster');
    if (clusters.length === 0) return { status: 'skip', reason: 'the stack has no ECS cluster' };
    const findings = [];
    for (const cluster of clusters) {
      const level = insightsLevel(cluster.props.ClusterSettings);
      if (rank(level) >= rank(params.minimum)) continue;
      const what = level === undefined ? 'does not turn on Container Insights' : `has Container Insights ${level}`;
      findings.push(
        model.finding(
          cluster.logicalId,
          `cluster ${model.describe(cluster.logicalId)} ${what}; this lab asks for ${params.minimum}`,
          `Set containerInsightsV2: ecs.ContainerInsights.${params.minimum.toUpperCase()} on the cluster.`,
        ),
      );
    }
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});

/** The cluster's containerInsights setting, or undefined when it does not set one. */
export function insightsLevel(settings: unknown): InsightsLevel | undefined {
  if (!Array.isArray(settings)) return undefined;
  const value = settings.find((s: any) => s?.Name === 'containerInsights')?.Value;
  return INSIGHTS_LEVELS.find((l) => l === String(value).toLowerCase());
}

const rank = (level: InsightsLevel | undefined) => (level ? INSIGHTS_LEVELS.indexOf(level) : 0);
