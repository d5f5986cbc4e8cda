import type { StackModel } from '../../engine/model/model';
import { forwardsTo, readListeners } from '../../engine/model/network';
import { UNRESOLVED_PREFIX } from '../../engine/model/resolve';
import { defineCheck, type Finding } from '../../engine/types';
import { readAlarms, showDimension, type AlarmView, type Dimension, type WatchedMetric } from './alarms';

/** Namespaces whose ClusterName and ServiceName dimensions name an ECS cluster and service. */
const ECS_NAMESPACES = ['AWS/ECS', 'ECS/ContainerInsights'];
/** The namespace whose LoadBalancer and TargetGroup dimensions are an ALB's and a target group's full names. */
const ALB_NAMESPACE = 'AWS/ApplicationELB';

/** What each resource of the stack is called in CloudWatch dimensions, back to its logical id. */
export interface DimensionNames {
  clusters: Map<string, string>;
  /** A service's name; names repeat across clusters, so each maps to every service that has it. */
  services: Map<string, string[]>;
  /** `targetgroup/<name>/<id>` (TargetGroupFullName). */
  targetGroups: Map<string, string>;
  /** `app/<name>/<id>` (LoadBalancerFullName). */
  loadBalancers: Map<string, string>;
}

/**
 * Every alarm watches this stack's own resources: each ClusterName, ServiceName, TargetGroup and
 * LoadBalancer dimension resolves to a cluster, service, target group or load balancer defined in
 * the stack, and the ones an alarm combines belong together (the service runs in that cluster, the
 * target group is behind that load balancer). A value written by hand — copied from another stack,
 * or the name a resource had in another environment — names something else, or nothing: the alarm
 * then watches another service, or no data at all, and never fires for this one.
 */
export const alarmDimensionsResolve = defineCheck({
  id: 'monitoring.alarm-dimensions-resolve',
  title: "Every alarm's dimensions name this stack's cluster, service, target group and load balancer",
  severity: 'high',
  why:
    'A CloudWatch metric is identified by its namespace, name and every dimension. An alarm whose ClusterName, ServiceName, ' +
    'TargetGroup or LoadBalancer is copied from another stack watches that stack, or a metric that does not exist, and CloudWatch ' +
    'accepts it without complaint: it stays OK or INSUFFICIENT_DATA while your service burns. Take dimensions from the constructs, never from strings.',
  refs: {
    wellArchitected: ['REL 6: How do you monitor workload resources?'],
    docs: [
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Dimension',
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/available-metrics.html',
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html',
    ],
  },
  offline({ model }) {
    const judged = readAlarms(model).filter((a) => a.metrics.some((m) => relevantDimensions(m).length > 0));
    if (judged.length === 0) return { status: 'skip', reason: 'no alarm has an ECS or Application Load Balancer dimension' };
    const names = dimensionNames(model);
    const tgBehind = targetGroupsBehind(model);
    const findings = judged.flatMap((a) => a.metrics.flatMap((m) => metricFindings(model, a, m, names, tgBehind)));
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});

/** The dimensions of a metric that name a resource this check can look up. */
function relevantDimensions(m: WatchedMetric): Dimension[] {
  const names = ECS_NAMESPACES.includes(String(m.namespace)) ? ['ClusterName', 'ServiceName'] : m.namespace === ALB_NAMESPACE ? ['LoadBalancer', 'TargetGroup'] : [];
  return m.dimensions.filter((d) => names.includes(d.name));
}

export function dimensionNames(model: StackModel): DimensionNames {
  const att = (id: string, name: string) => String(model.resolver.getAtt(id, name));
  const services = new Map<string, string[]>();
  for (const s of model.ofType('AWS::ECS::Service')) {
    const name = att(s.logicalId, 'Name');
    const ids = services.get(name);
    if (ids) ids.push(s.logicalId);
    else services.set(name, [s.logicalId]);
  }
  return {
    clusters: new Map(model.ofType('AWS::ECS::Cluster').map((c) => [String(model.resolver.ref(c.logicalId)), c.logicalId])),
    services,
    targetGroups: new Map(model.ofType('AWS::ElasticLoadBalancingV2::TargetGroup').map((t) => [att(t.logicalId, 'TargetGroupFullName'), t.logicalId])),
    loadBalancers: new Map(
      model
        .ofType('AWS::ElasticLoadBalancingV2::LoadBalancer')
        .filter((lb) => (lb.props.Type ?? 'application') === 'application')
        .map((lb) => [att(lb.logicalId, 'LoadBalancerFullName'), lb.logicalId]),
    ),
  };
}

/** Target group → the load balancers with a listener that forwards to it. */
function targetGroupsBehind(model: StackModel): (tg: string) => string[] {
  const listeners = readListeners(model);
  return (tg) => [...new Set(listeners.filter((l) => forwardsTo(l, tg)).map((l) => l.loadBalancer))];
}

function metricFindings(model: StackModel, alarm: AlarmView, m: WatchedMetric, names: DimensionNames, behind: (tg: string) => string[]): Finding[] {
  const who = `alarm ${model.describe(alarm.logicalId)} (${m.metricName})`;
  const fail = (message: string, hint: string) => model.finding(alarm.logicalId, `${who}: ${message}`, hint);
  const found = new Map<string, string[]>();
  const findings: Finding[] = [];
  for (const d of relevantDimensions(m)) {
    const value = d.value;
    if (typeof value !== 'string' || value.includes(UNRESOLVED_PREFIX)) {
      findings.push(fail(`${d.name} comes from outside the stack (a parameter or an import), so it cannot be shown to be this stack's ${LOOKUP[d.name].what}`, LOOKUP[d.name].hint));
      continue;
    }
    const ids = LOOKUP[d.name].find(names, value);
    if (ids.length === 0) {
      findings.push(fail(`${showDimension(d)} is no ${LOOKUP[d.name].what} of this stack${these(model, LOOKUP[d.name].all(names))}`, LOOKUP[d.name].hint));
      continue;
    }
    const problem = typeof d.raw === 'string' ? writtenByHand(model, d, ids) : undefined;
    if (problem) {
      findings.push(fail(problem, LOOKUP[d.name].hint));
      continue;
    }
    found.set(d.name, ids);
  }
  // The combination has to exist too: that service in that cluster, that target group behind that load balancer.
  const [cluster] = found.get('ClusterName') ?? [];
  const services = found.get('ServiceName');
  if (cluster && services && !services.some((s) => model.targetOf(model.resource(s)?.raw.Properties?.Cluster) === cluster)) {
    findings.push(fail(`service ${services.map((s) => model.describe(s)).join(', ')} does not run in cluster ${model.describe(cluster)}`, 'Take both from the service: service.metricCpuUtilization() sets ClusterName and ServiceName together.'));
  }
  const [lb] = found.get('LoadBalancer') ?? [];
  const [tg] = found.get('TargetGroup') ?? [];
  if (lb && tg && !behind(tg).includes(lb)) {
    findings.push(fail(`target group ${model.describe(tg)} is not behind load balancer ${model.describe(lb)}`, 'Take the metric from the target group: targetGroup.metrics.… sets TargetGroup and LoadBalancer together.'));
  }
  return findings;
}

/**
 * A name written as a string only matches what the resource is really called when the stack gives
 * it that name itself. The synthetic model calls an unnamed resource by its logical id, but
 * CloudFormation makes its real name up at deployment, and a full name ends in an id AWS makes when
 * the resource is created: no string written before then can be it.
 */
function writtenByHand(model: StackModel, d: Dimension, ids: string[]): string | undefined {
  const nameProp = NAME_PROPERTY[d.name];
  if (nameProp && ids.some((id) => model.resource(id)?.props[nameProp] === d.value)) return undefined;
  const whose = ids.map((id) => model.describe(id)).join(', ');
  return nameProp
    ? `${showDimension(d)} is written by hand, but ${whose} has no name of its own: CloudFormation makes one up when it is deployed`
    : `${showDimension(d)} is written by hand, but the full name of ${whose} ends in an id made when it is created`;
}

/** The property that names a resource, for the dimensions whose value is that name. */
const NAME_PROPERTY: Record<string, string | undefined> = { ClusterName: 'ClusterName', ServiceName: 'ServiceName' };

interface Lookup {
  what: string;
  find: (names: DimensionNames, value: string) => string[];
  all: (names: DimensionNames) => string[];
  hint: string;
}

const LOOKUP: Record<string, Lookup> = {
  ClusterName: {
    what: 'cluster',
    find: (n, v) => (n.clusters.has(v) ? [n.clusters.get(v)!] : []),
    all: (n) => [...n.clusters.values()],
    hint: 'Use cluster.clusterName, or the service\'s own metric (service.metricCpuUtilization()), instead of a written name.',
  },
  ServiceName: {
    what: 'service',
    find: (n, v) => n.services.get(v) ?? [],
    all: (n) => [...n.services.values()].flat(),
    hint: 'Use service.serviceName, or the service\'s own metric (service.metricMemoryUtilization()), instead of a written name.',
  },
  TargetGroup: {
    what: 'target group',
    find: (n, v) => (n.targetGroups.has(v) ? [n.targetGroups.get(v)!] : []),
    all: (n) => [...n.targetGroups.values()],
    hint: 'Use the target group\'s own metric (targetGroup.metrics.unhealthyHostCount()) or targetGroup.targetGroupFullName.',
  },
  LoadBalancer: {
    what: 'Application Load Balancer',
    find: (n, v) => (n.loadBalancers.has(v) ? [n.loadBalancers.get(v)!] : []),
    all: (n) => [...n.loadBalancers.values()],
    hint: "Use the load balancer's own metric (alb.metrics.httpCodeTarget(…)) or alb.loadBalancerFullName; the full name's last part is only known after deployment.",
  },
};

function these(model: StackModel, ids: string[]): string {
  return ids.length ? ` (it has ${ids.map((id) => model.describe(id)).join(', ')})` : '';
}
