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
  logicalId: string;
  loadBalancer: string;
  port?: number;
  protocol?: string;
  defaultActions: ListenerAction[];
  rules: ListenerRule[];
}

export interface LoadBalancer {
  logicalId: string;
  type: 'application' | 'network' | 'gateway';
  scheme: 'internet-facing' | 'internal';
  subnets: SubnetRef[];
  /** Logical ids of the load balancer's security groups defined in this stack. */
  securityGroups: string[];
  /** Security group ids that are not defined in this stack (imported), as written. */
  externalSecurityGroups: string[];
  listeners: Listener[];
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
}

/** Splits resolved security group ids into this stack's groups and outside ones. */
export function securityGroupRefs(model: StackModel, values: unknown): { local: string[]; external: string[] } {
  const local: string[] = [];
  const external: string[] = [];
  for (const v of Array.isArray(values) ? values : []) {
    const id = model.targetOf(v);
    if (id && model.resource(id)?.type === 'AWS::EC2::SecurityGroup') local.push(id);
    else external.push(String(model.resolve(v)));
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
    const listener = model.targetOf(r.props.ListenerArn);
    if (!listener) continue;
    const rule = { logicalId: r.logicalId, priority: r.props.Priority, actions: actionsOf(model, r.props.Actions) };
    rulesOf.set(listener, [...(rulesOf.get(listener) ?? []), rule]);
  }
  const out: Listener[] = [];
  for (const l of model.ofType('AWS::ElasticLoadBalancingV2::Listener')) {
    const lb = model.targetOf(l.props.LoadBalancerArn);
    if (!lb) continue;
    out.push({
      logicalId: l.logicalId,
      loadBalancer: lb,
      port: typeof l.props.Port === 'number' ? l.props.Port : l.props.Port !== undefined ? Number(l.props.Port) : undefined,
      protocol: l.props.Protocol,
      defaultActions: actionsOf(model, l.props.DefaultActions),
      rules: rulesOf.get(l.logicalId) ?? [],
    });
  }
  return out;
}

export function readLoadBalancers(model: StackModel, subnets: Map<string, Subnet>, listeners: Listener[]): LoadBalancer[] {
  return model.ofType('AWS::ElasticLoadBalancingV2::LoadBalancer').map((r) => {
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
