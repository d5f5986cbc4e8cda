// What the deployment checks read from an ECS service: how ECS deploys it (controller, strategy),
// its deployment configuration with the CloudFormation defaults filled in, the fewest tasks it can
// be running when a deployment starts, and the target groups that carry its traffic.
import type { ModelResource, StackModel } from '../../engine/model/model';

/** CloudFormation's defaults for a REPLICA service (AWS::ECS::Service DeploymentConfiguration). */
export const DEFAULT_MIN_HEALTHY_PERCENT = 100;
export const DEFAULT_MAX_PERCENT = 200;

export interface Deployment {
  /** `ECS` (the default: ECS itself deploys), `CODE_DEPLOY` or `EXTERNAL`. */
  controller: string;
  /** ECS-controlled strategy: `ROLLING` (default), `BLUE_GREEN`, `LINEAR`, `CANARY`. */
  strategy: string;
  minHealthyPercent: number;
  maxPercent: number;
  circuitBreaker: { enable: boolean; rollback: boolean } | undefined;
  alarms: { names: unknown[]; enable: boolean; rollback: boolean } | undefined;
  /** A DAEMON service runs one task per instance: min/max and capacity do not apply the same way. */
  daemon: boolean;
}

export function ecsServices(model: StackModel): ModelResource[] {
  return model.ofType('AWS::ECS::Service');
}

export function deploymentOf(svc: ModelResource): Deployment {
  const cfg = (svc.props.DeploymentConfiguration ?? {}) as Record<string, any>;
  const cb = cfg.DeploymentCircuitBreaker;
  const alarms = cfg.Alarms;
  return {
    controller: String(svc.props.DeploymentController?.Type ?? 'ECS'),
    strategy: String(cfg.Strategy ?? 'ROLLING'),
    minHealthyPercent: numberOr(cfg.MinimumHealthyPercent, DEFAULT_MIN_HEALTHY_PERCENT),
    maxPercent: numberOr(cfg.MaximumPercent, DEFAULT_MAX_PERCENT),
    circuitBreaker: cb ? { enable: cb.Enable === true || cb.Enable === 'true', rollback: cb.Rollback === true || cb.Rollback === 'true' } : undefined,
    alarms: alarms
      ? {
          names: Array.isArray(alarms.AlarmNames) ? alarms.AlarmNames : [],
          enable: alarms.Enable === true || alarms.Enable === 'true',
          rollback: alarms.Rollback === true || alarms.Rollback === 'true',
        }
      : undefined,
    daemon: svc.props.SchedulingStrategy === 'DAEMON',
  };
}

function numberOr(value: unknown, fallback: number): number {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : fallback;
}

/** The name the service will have: what `Fn::GetAtt [Service, Name]` gives (its ServiceName, or a generated one). */
export function serviceNameOf(model: StackModel, serviceId: string): string {
  return String(model.resolve({ 'Fn::GetAtt': [serviceId, 'Name'] }));
}

/**
 * The fewest tasks the service may be running when a deployment starts. With an auto scaling
 * target the scaler may take it down to MinCapacity whatever DesiredCount says; without one it is
 * DesiredCount, and CloudFormation creates a service that omits it with one task.
 */
export function lowestDesiredCount(model: StackModel, serviceId: string): { count: number; source: string } {
  const svc = model.resource(serviceId)!;
  const name = serviceNameOf(model, serviceId);
  const floors = model
    .ofType('AWS::ApplicationAutoScaling::ScalableTarget')
    .filter((t) => t.props.ServiceNamespace === 'ecs' && typeof t.props.ResourceId === 'string' && t.props.ResourceId.endsWith(`/${name}`))
    .map((t) => Number(t.props.MinCapacity))
    .filter((n) => Number.isFinite(n));
  if (floors.length) return { count: Math.min(...floors), source: 'its auto scaling minimum (MinCapacity)' };
  if (typeof svc.props.DesiredCount === 'number') return { count: svc.props.DesiredCount, source: 'its desired count' };
  return { count: 1, source: 'its desired count (not set: CloudFormation creates it with 1 task)' };
}

/** The target groups the service registers its tasks with. */
export function targetGroupsOf(model: StackModel, svc: ModelResource): string[] {
  return ((svc.raw.Properties?.LoadBalancers ?? []) as { TargetGroupArn?: unknown }[])
    .map((lb) => model.targetOf(lb.TargetGroupArn))
    .filter((id): id is string => !!id);
}

/** Whether a raw template value refers to a resource (Ref, GetAtt or Sub), anywhere inside it. */
export function refersTo(value: unknown, logicalId: string): boolean {
  if (Array.isArray(value)) return value.some((v) => refersTo(v, logicalId));
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  if (v.Ref === logicalId) return true;
  const att = v['Fn::GetAtt'];
  if (att && (Array.isArray(att) ? att[0] === logicalId : String(att).split('.')[0] === logicalId)) return true;
  const sub = v['Fn::Sub'];
  const subText = Array.isArray(sub) ? sub[0] : sub;
  if (typeof subText === 'string' && new RegExp(`\\$\\{${logicalId}(\\.[^}]*)?\\}`).test(subText)) return true;
  return Object.values(v).some((x) => refersTo(x, logicalId));
}
