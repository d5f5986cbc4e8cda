// ECS services as the network sees them: where their tasks run (subnets, public IP or not), which
// security groups guard them, how many run, and which container port each target group reaches.
import type { StackModel } from '../model';
import { securityGroupRefs } from './load-balancers';
import { subnetRefs, type Subnet, type SubnetRef } from './subnets';

export interface ServiceTarget {
  containerName?: string;
  containerPort?: number;
  /** Logical id of the target group, when it is in this stack. */
  targetGroup?: string;
}

export interface EcsService {
  logicalId: string;
  launchType?: string;
  /** True when the service has an awsvpc network configuration (always so on Fargate). */
  awsvpc: boolean;
  subnets: SubnetRef[];
  assignPublicIp: boolean;
  securityGroups: string[];
  externalSecurityGroups: string[];
  /** The number of tasks the service keeps running: DesiredCount, or the auto scaling minimum. */
  desiredCount: number;
  targets: ServiceTarget[];
}

export function readServices(model: StackModel, subnets: Map<string, Subnet>): EcsService[] {
  return model.ofType('AWS::ECS::Service').map((r) => {
    const vpcConfig = r.props.NetworkConfiguration?.AwsvpcConfiguration;
    const sgs = securityGroupRefs(model, vpcConfig?.SecurityGroups);
    return {
      logicalId: r.logicalId,
      launchType: r.props.LaunchType,
      awsvpc: !!vpcConfig,
      subnets: subnetRefs(model, subnets, vpcConfig?.Subnets),
      assignPublicIp: vpcConfig?.AssignPublicIp === 'ENABLED',
      securityGroups: sgs.local,
      externalSecurityGroups: sgs.external,
      desiredCount: desiredCount(model, r.logicalId),
      targets: (r.props.LoadBalancers ?? []).map((lb: any) => ({
        containerName: lb.ContainerName,
        containerPort: lb.ContainerPort === undefined ? undefined : Number(lb.ContainerPort),
        targetGroup: lb.TargetGroupArn === undefined ? undefined : model.targetOf(lb.TargetGroupArn),
      })),
    };
  });
}

/**
 * How many tasks a service runs at least. CloudFormation creates a service without DesiredCount
 * with one task; an auto scaling target's MinCapacity keeps it at or above that minimum.
 */
export function desiredCount(model: StackModel, serviceId: string): number {
  const svc = model.resource(serviceId)!;
  const name = typeof svc.props.ServiceName === 'string' ? svc.props.ServiceName : serviceId;
  const scaling = model
    .ofType('AWS::ApplicationAutoScaling::ScalableTarget')
    .filter((t) => t.props.ServiceNamespace === 'ecs' && typeof t.props.ResourceId === 'string' && t.props.ResourceId.endsWith(`/${name}`))
    .map((t) => Number(t.props.MinCapacity))
    .filter((n) => Number.isFinite(n));
  const declared = typeof svc.props.DesiredCount === 'number' ? svc.props.DesiredCount : undefined;
  const floor = scaling.length ? Math.max(...scaling) : undefined;
  if (floor !== undefined) return Math.max(floor, declared ?? 0);
  return declared ?? 1;
}
