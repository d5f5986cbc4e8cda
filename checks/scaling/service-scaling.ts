// How an ECS service scales, read from the synthesized template: the Application Auto Scaling
// scalable target on its desired count, and the target tracking policies attached to it.
import type { ModelResource, StackModel } from '../../engine/model/model';

/** The dimension Application Auto Scaling scales an ECS service on. */
export const ECS_DESIRED_COUNT = 'ecs:service:DesiredCount';

/**
 * Cooldown Application Auto Scaling applies to an ECS service when a policy does not set one,
 * for scale-out and scale-in alike. Source: BaseTargetTrackingProps (aws-cdk-lib
 * aws-applicationautoscaling): "Default: Duration.seconds(300) for … ECS services".
 */
export const DEFAULT_ECS_COOLDOWN_SECONDS = 300;

export interface TargetTrackingPolicy {
  logicalId: string;
  /** The predefined metric type, or undefined for a customized metric. */
  metric?: string;
  targetValue: number;
  scaleOutCooldown: number;
  scaleInCooldown: number;
  disableScaleIn: boolean;
  /** ALBRequestCountPerTarget only: `app/<lb>/<id>/targetgroup/<tg>/<id>`. */
  resourceLabel?: string;
}

export interface ServiceScaling {
  target: ModelResource;
  minCapacity: number;
  maxCapacity: number;
  targetTracking: TargetTrackingPolicy[];
  /** Policies of other types (step scaling); not judged, but named. */
  otherPolicies: ModelResource[];
}

/** The services a check judges: the one named by construct id (or path fragment), else all. */
export function servicesNamed(model: StackModel, service?: string): ModelResource[] {
  return service ? model.findByPath(service, 'AWS::ECS::Service') : model.ofType('AWS::ECS::Service');
}

/**
 * The scalable targets on the service's desired count. CDK writes their ResourceId as
 * `service/<cluster name>/<service name>`; the model resolves both names to synthetic values.
 */
export function scalingOf(model: StackModel, serviceId: string): ServiceScaling[] {
  const svc = model.resource(serviceId)!;
  const name = typeof svc.props.ServiceName === 'string' ? svc.props.ServiceName : serviceId;
  const policies = model.ofType('AWS::ApplicationAutoScaling::ScalingPolicy');
  return model
    .ofType('AWS::ApplicationAutoScaling::ScalableTarget')
    .filter((t) => t.props.ServiceNamespace === 'ecs' && t.props.ScalableDimension === ECS_DESIRED_COUNT)
    .filter((t) => typeof t.props.ResourceId === 'string' && t.props.ResourceId.split('/').at(-1) === name)
    .map((target) => {
      const mine = policies.filter((p) => attachedTo(model, p, target));
      return {
        target,
        minCapacity: Number(target.props.MinCapacity),
        maxCapacity: Number(target.props.MaxCapacity),
        targetTracking: mine.filter((p) => p.props.PolicyType === 'TargetTrackingScaling').map(readTargetTracking),
        otherPolicies: mine.filter((p) => p.props.PolicyType !== 'TargetTrackingScaling'),
      };
    });
}

/**
 * A policy names its scalable target by ScalingTargetId, or (the other form CloudFormation takes)
 * by the same ResourceId, ScalableDimension and ServiceNamespace.
 */
function attachedTo(model: StackModel, policy: ModelResource, target: ModelResource): boolean {
  const byId = policy.raw.Properties?.ScalingTargetId;
  if (byId !== undefined) return model.targetOf(byId) === target.logicalId || policy.props.ScalingTargetId === target.logicalId;
  return (
    policy.props.ResourceId === target.props.ResourceId &&
    policy.props.ScalableDimension === target.props.ScalableDimension &&
    policy.props.ServiceNamespace === target.props.ServiceNamespace
  );
}

function readTargetTracking(policy: ModelResource): TargetTrackingPolicy {
  const cfg = policy.props.TargetTrackingScalingPolicyConfiguration ?? {};
  const predefined = cfg.PredefinedMetricSpecification;
  return {
    logicalId: policy.logicalId,
    metric: typeof predefined?.PredefinedMetricType === 'string' ? predefined.PredefinedMetricType : undefined,
    targetValue: Number(cfg.TargetValue),
    scaleOutCooldown: cfg.ScaleOutCooldown === undefined ? DEFAULT_ECS_COOLDOWN_SECONDS : Number(cfg.ScaleOutCooldown),
    scaleInCooldown: cfg.ScaleInCooldown === undefined ? DEFAULT_ECS_COOLDOWN_SECONDS : Number(cfg.ScaleInCooldown),
    disableScaleIn: cfg.DisableScaleIn === true || cfg.DisableScaleIn === 'true',
    resourceLabel: typeof predefined?.ResourceLabel === 'string' ? predefined.ResourceLabel : undefined,
  };
}

/** The `targetgroup/<name>/<id>` part of a target group ARN or a request-count resource label. */
export function targetGroupPart(value: string): string | undefined {
  const m = /targetgroup\/[^/]+\/[^/]+$/.exec(value);
  return m?.[0];
}
