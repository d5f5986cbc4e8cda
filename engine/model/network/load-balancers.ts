// Load balancers, their listeners (with what each listener does: forward, redirect, answer) and
// target groups (port and health check), as the network checks need them.
import type { StackModel } from '../model';
import { subnetRefs, type Subnet, type SubnetRef } from './subnets';

export type ListenerAction =
  | { type: 'forward'; targetGroups: string[] }
  | { type: 'redirect'; protocol?: string; port?: string; statusCode?: string }
  | { type: 'fixed-response'; statusCode?: string }
  | { type: string };

export interface ListenerRule {
  logicalId: string;
  priority?: number;
  actions: ListenerAction[];
}

export interface Listener {
  /** The listener's logical id; for a listener outside the template (rules added to an imported listener), its ARN as written. */
  logicalId: string;
  /** The load balancer's logical id, or for an imported one the key of its `imported` LoadBalancer. */
  loadBalancer: string;
  /** True when the listener itself is not in the template (only rules on it are). */
  imported?: boolean;
  port?: number;
  protocol?: string;
  defaultActions: ListenerAction[];
  rules: ListenerRule[];
}

export interface LoadBalancer {
  logicalId: string;
  type: 'application' | 'network' | 'gateway';
  /** `unknown` for an imported load balancer. */
  scheme: 'internet-facing' | 'internal' | 'unknown';
  subnets: SubnetRef[];
  /** Logical ids of the load balancer's security groups defined in this stack. */
  securityGroups: string[];
  /** Security group ids that are not defined in this stack (imported), as written. */
  externalSecurityGroups: string[];
  listeners: Listener[];
  /**
   * True for a load balancer outside the template (fromXxx, Fn::ImportValue) that a listener of
   * the template is added to: its type is guessed from the listeners, its scheme, subnets and
   * security groups are unknown.
   */
  imported?: boolean;
}

export interface HealthCheck {
  enabled: boolean;
  path?: string;
  protocol?: string;
  /** A port number, or `traffic-port` (the port each target receives traffic on). */
  port: number | 'traffic-port';
}

export interface TargetGroup {
  logicalId: string;
  port?: number;
  protocol?: string;
  targetType?: string;
  healthCheck: HealthCheck;
  /** TargetGroupAttributes as key → value. */
  attributes: Record<string, string>;
}

/**
 * Does a (network load balancer) target group hand the targets the clients' own addresses?
 * The preserve_client_ip.enabled attribute, or its default: on for instance targets and for ip
 * targets over UDP/TCP_UDP/QUIC, off for ip targets over TCP/TLS
 * (docs.aws.amazon.com/elasticloadbalancing/latest/network/edit-target-group-attributes.html#client-ip-preservation).
 */
export function preservesClientIp(tg: TargetGroup): boolean {
  const set = tg.attributes['preserve_client_ip.enabled'];
  if (set !== undefined) return set === 'true';
  if (String(tg.targetType ?? 'instance').toLowerCase() === 'instance') return true;
  return !['TCP', 'TLS'].includes(String(tg.protocol).toUpperCase());
}

/** Splits resolved security group ids into this stack's groups and outside ones. */
export function securityGroupRefs(model: StackModel, values: unknown): { local: string[]; external: string[] } {
  const local: string[] = [];
  const external: string[] = [];
  for (const v of Array.isArray(values) ? values : []) {
    const id = model.targetOf(v);
    if (id && model.resource(id)?.type === 'AWS::EC2::SecurityGroup') local.push(id);
    else external.push(describeOutside(String(model.resolve(v))));
  }
  return { local: [...new Set(local)], external };
}

function actionsOf(model: StackModel, actions: unknown): ListenerAction[] {
  if (!Array.isArray(actions)) return [];
  return actions.map((a: any): ListenerAction => {
    const type = String(a?.Type ?? '').toLowerCase();
    if (type === 'forward') {
      const groups = [a.TargetGroupArn, ...(a.ForwardConfig?.TargetGroups ?? []).map((g: any) => g?.TargetGroupArn)]
        .map((v) => (v === undefined ? undefined : model.targetOf(v)))
        .filter((id): id is string => !!id);
      return { type, targetGroups: [...new Set(groups)] };
    }
    if (type === 'redirect') {
      const c = a.RedirectConfig ?? {};
      return { type, protocol: c.Protocol, port: c.Port === undefined ? undefined : String(c.Port), statusCode: c.StatusCode };
    }
    if (type === 'fixed-response') return { type, statusCode: a.FixedResponseConfig?.StatusCode };
    return { type };
  });
}

export function readListeners(model: StackModel): Listener[] {
  const rulesOf = new Map<string, ListenerRule[]>();
  for (const r of model.ofType('AWS::ElasticLoadBalancingV2::ListenerRule')) {
    // A rule on a listener outside the template is kept under the listener's ARN as written.
    const listener = model.targetOf(r.raw.Properties?.ListenerArn) ?? outsideKey(model, r.raw.Properties?.ListenerArn);
    if (!listener) continue;
    const rule = { logicalId: r.logicalId, priority: r.props.Priority, actions: actionsOf(model, r.props.Actions) };
    const rules = rulesOf.get(listener);
    if (rules) rules.push(rule);
    else rulesOf.set(listener, [rule]);
  }
  const out: Listener[] = [];
  for (const l of model.ofType('AWS::ElasticLoadBalancingV2::Listener')) {
    const lb = model.targetOf(l.raw.Properties?.LoadBalancerArn) ?? outsideKey(model, l.raw.Properties?.LoadBalancerArn);
    if (!lb) continue;
    out.push({
      logicalId: l.logicalId,
      loadBalancer: lb,
      port: typeof l.props.Port === 'number' ? l.props.Port : l.props.Port !== undefined ? Number(l.props.Port) : undefined,
      protocol: l.props.Protocol,
      defaultActions: actionsOf(model, l.props.DefaultActions),
      rules: rulesOf.get(l.logicalId) ?? [],
    });
    rulesOf.delete(l.logicalId);
  }
  for (const [arn, rules] of rulesOf) {
    if (model.resource(arn)) continue;
    out.push({ logicalId: arn, loadBalancer: arn, imported: true, defaultActions: [], rules });
  }
  return out;
}

/** The key of a load balancer or listener outside the template: its ARN, or the export it is imported from. */
function outsideKey(model: StackModel, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return describeOutside(String(model.resolve(value)));
}

/** `export net-Listener` for an Fn::ImportValue the resolver cannot know, the value itself otherwise. */
export function describeOutside(resolved: string): string {
  const imported = /^unresolved:import:(.*)$/.exec(resolved);
  if (imported) return `export ${imported[1]}`;
  return resolved.startsWith('unresolved:') ? `an unresolved value (${resolved.slice('unresolved:'.length)})` : resolved;
}

export function readLoadBalancers(model: StackModel, subnets: Map<string, Subnet>, listeners: Listener[]): LoadBalancer[] {
  const local = model.ofType('AWS::ElasticLoadBalancingV2::LoadBalancer').map((r): LoadBalancer => {
    const mapped = (r.props.SubnetMappings ?? []).map((m: any) => m?.SubnetId);
    const sgs = securityGroupRefs(model, r.props.SecurityGroups);
    return {
      logicalId: r.logicalId,
      type: (r.props.Type ?? 'application') as LoadBalancer['type'],
      // CloudFormation's default scheme is internet-facing: forgetting it does not make a load balancer private.
      scheme: r.props.Scheme === 'internal' ? 'internal' : 'internet-facing',
      subnets: subnetRefs(model, subnets, [...(r.props.Subnets ?? []), ...mapped]),
      securityGroups: sgs.local,
      externalSecurityGroups: sgs.external,
      listeners: listeners.filter((l) => l.loadBalancer === r.logicalId),
    };
  });
  const outside = [...new Set(listeners.map((l) => l.loadBalancer).filter((k) => !model.resource(k)))];
  return [...local, ...outside.map((key): LoadBalancer => {
    const own = listeners.filter((l) => l.loadBalancer === key);
    const layer4 = own.some((l) => ['TCP', 'UDP', 'TCP_UDP', 'TLS'].includes(String(l.protocol).toUpperCase()));
    return { logicalId: key, type: layer4 ? 'network' : 'application', scheme: 'unknown', subnets: [], securityGroups: [], externalSecurityGroups: [], listeners: own, imported: true };
  })];
}

export function readTargetGroups(model: StackModel): Map<string, TargetGroup> {
  const out = new Map<string, TargetGroup>();
  for (const r of model.ofType('AWS::ElasticLoadBalancingV2::TargetGroup')) {
    const p = r.props;
    const hcPort = p.HealthCheckPort === undefined || p.HealthCheckPort === 'traffic-port' ? 'traffic-port' : Number(p.HealthCheckPort);
    out.set(r.logicalId, {
      logicalId: r.logicalId,
      port: p.Port,
      protocol: p.Protocol,
      targetType: p.TargetType,
      attributes: Object.fromEntries((Array.isArray(p.TargetGroupAttributes) ? p.TargetGroupAttributes : []).map((a: any) => [String(a?.Key), String(a?.Value)])),
      healthCheck: {
        enabled: p.HealthCheckEnabled !== false && p.HealthCheckEnabled !== 'false',
        path: p.HealthCheckPath,
        protocol: p.HealthCheckProtocol,
        port: hcPort,
      },
    });
  }
  return out;
}

/** Every action a listener can take: its default actions and those of its rules. */
export function allActions(listener: Listener): ListenerAction[] {
  return [...listener.defaultActions, ...listener.rules.flatMap((r) => r.actions)];
}

/** Whether a listener forwards to a target group, by default or through a rule. */
export function forwardsTo(listener: Listener, targetGroup: string): boolean {
  return allActions(listener).some((a) => a.type === 'forward' && (a as { targetGroups: string[] }).targetGroups.includes(targetGroup));
}

/**
 * A listener that only sends browsers on to HTTPS: every action, default or by rule, is a
 * redirect whose protocol is HTTPS (`#{protocol}` would keep plain HTTP).
 */
export function redirectsToHttps(listener: Listener): boolean {
  const actions = allActions(listener);
  return actions.length > 0 && actions.every((a) => a.type === 'redirect' && String((a as { protocol?: string }).protocol).toUpperCase() === 'HTTPS');
}
