// ECS services as the network sees them: where their tasks run (subnets, public IP or not), which
// security groups guard them, how many run, and which container port each target group reaches.
import type { ModelResource, StackModel } from '../model';
import { containerHosts, type ContainerHosts } from './hosts';
import { describeOutside, securityGroupRefs } from './load-balancers';
import type { PortRange } from './security-groups';
import { subnetRefs, type Subnet, type SubnetRef } from './subnets';

/**
 * The host ports Docker picks from in bridge mode when a port mapping's hostPort is 0 or unset;
 * the range AWS tells you to open from the load balancer to the container instances
 * (docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_portmappings,
 * and what CDK opens for an Ec2Service target).
 */
export const DYNAMIC_HOST_PORTS: PortRange = { from: 32768, to: 65535 };

export interface ServiceTarget {
  containerName?: string;
  containerPort?: number;
  /** Logical id of the target group, when it is in this stack. */
  targetGroup?: string;
  /**
   * The ports the load balancer sends to: the container port with awsvpc, the host port in host
   * mode, a fixed host port or the dynamic range in bridge mode.
   */
  ports?: PortRange;
  /** True when `ports` is bridge mode's dynamic range. */
  dynamic?: boolean;
}

export interface EcsService {
  logicalId: string;
  launchType?: string;
  /** True when the service has an awsvpc network configuration (always so on Fargate). */
  awsvpc: boolean;
  /** The task definition's network mode (`bridge` when an EC2 task definition leaves it out). */
  networkMode: string;
  /**
   * `task`: each task has its own network interface (awsvpc); `instance`: tasks share their
   * container instance's (bridge, host), so subnets, security groups and public IPs below are
   * the instances'.
   */
  placement: 'task' | 'instance';
  /** The container instances, for `instance` placement. */
  hosts?: ContainerHosts;
  /** Why where the tasks run cannot be told from this template (the checks skip the service). */
  unknown?: string;
  subnets: SubnetRef[];
  assignPublicIp: boolean;
  securityGroups: string[];
  externalSecurityGroups: string[];
  /** The number of tasks the service keeps running: DesiredCount, or the auto scaling minimum. */
  desiredCount: number;
  /** A scheduled scaling action that lets the count drop below `desiredCount` at times. */
  scheduledFloor?: { count: number; action: string };
  targets: ServiceTarget[];
}

export function readServices(model: StackModel, subnets: Map<string, Subnet>): EcsService[] {
  return model.ofType('AWS::ECS::Service').map((r) => {
    const vpcConfig = r.props.NetworkConfiguration?.AwsvpcConfiguration;
    const taskDef = taskDefinitionOf(model, r);
    const networkMode = vpcConfig ? 'awsvpc' : String(taskDef?.props.NetworkMode ?? 'bridge');
    const base = {
      logicalId: r.logicalId,
      launchType: r.props.LaunchType,
      awsvpc: !!vpcConfig,
      networkMode,
      desiredCount: desiredCount(model, r.logicalId),
      scheduledFloor: scheduledFloor(model, r.logicalId),
      targets: (r.props.LoadBalancers ?? []).map((lb: any) => targetOf(model, lb, taskDef, networkMode)),
    };
    if (vpcConfig) {
      const sgs = securityGroupRefs(model, vpcConfig?.SecurityGroups);
      // Subnets from Fn::Split of an imported list cannot be counted, let alone judged.
      const subnetList = vpcConfig.Subnets;
      return {
        ...base,
        placement: 'task' as const,
        unknown: Array.isArray(subnetList) ? undefined : `its subnets (${outsideSubnets(model, r)}) are not defined in this template, so where its tasks run cannot be told`,
        subnets: subnetRefs(model, subnets, vpcConfig?.Subnets),
        assignPublicIp: vpcConfig?.AssignPublicIp === 'ENABLED',
        securityGroups: sgs.local,
        externalSecurityGroups: sgs.external,
      };
    }
    const hosts = containerHosts(model, r, subnets);
    // An instance gets a public IP from its launch template, or else from its subnet's
    // MapPublicIpOnLaunch, which (unlike for awsvpc tasks) does apply to instances.
    const publicIp = hosts.associatePublicIp ?? hosts.subnets.some((s) => s.subnet?.mapPublicIpOnLaunch);
    return {
      ...base,
      placement: 'instance' as const,
      hosts,
      unknown: hosts.unknown,
      subnets: hosts.subnets,
      assignPublicIp: publicIp,
      securityGroups: hosts.securityGroups,
      externalSecurityGroups: hosts.externalSecurityGroups,
    };
  });
}

/** What an unresolvable Subnets list comes from: the export behind Fn::Split, or the value. */
function outsideSubnets(model: StackModel, service: ModelResource): string {
  const raw = service.raw.Properties?.NetworkConfiguration?.AwsvpcConfiguration?.Subnets;
  const split = raw && typeof raw === 'object' ? (raw as Record<string, unknown>)['Fn::Split'] : undefined;
  const source = Array.isArray(split) ? split[1] : raw;
  return describeOutside(String(model.resolve(source)));
}

function taskDefinitionOf(model: StackModel, service: ModelResource): ModelResource | undefined {
  const id = model.targetOf(service.raw.Properties?.TaskDefinition);
  const r = id ? model.resource(id) : undefined;
  return r?.type === 'AWS::ECS::TaskDefinition' ? r : undefined;
}

function targetOf(model: StackModel, lb: any, taskDef: ModelResource | undefined, networkMode: string): ServiceTarget {
  const containerPort = lb.ContainerPort === undefined ? undefined : Number(lb.ContainerPort);
  const target: ServiceTarget = {
    containerName: lb.ContainerName,
    containerPort,
    targetGroup: lb.TargetGroupArn === undefined ? undefined : model.targetOf(lb.TargetGroupArn),
  };
  if (containerPort === undefined) return target;
  if (networkMode !== 'bridge') return { ...target, ports: { from: containerPort, to: containerPort } };
  const container = (taskDef?.props.ContainerDefinitions ?? []).find((c: any) => c?.Name === lb.ContainerName);
  const mapping = (container?.PortMappings ?? []).find((m: any) => Number(m?.ContainerPort) === containerPort);
  const hostPort = Number(mapping?.HostPort ?? 0);
  if (!container || !mapping) return target;
  return hostPort > 0 ? { ...target, ports: { from: hostPort, to: hostPort } } : { ...target, ports: DYNAMIC_HOST_PORTS, dynamic: true };
}

/**
 * How many tasks a service runs at least. CloudFormation creates a service without DesiredCount
 * with one task; an auto scaling target's MinCapacity keeps it at or above that minimum.
 */
export function desiredCount(model: StackModel, serviceId: string): number {
  const svc = model.resource(serviceId)!;
  const scaling = scalableTargetsOf(model, serviceId)
    .map((t) => Number(t.props.MinCapacity))
    .filter((n) => Number.isFinite(n));
  const declared = typeof svc.props.DesiredCount === 'number' ? svc.props.DesiredCount : undefined;
  const floor = scaling.length ? Math.max(...scaling) : undefined;
  if (floor !== undefined) return Math.max(floor, declared ?? 0);
  return declared ?? 1;
}

function scalableTargetsOf(model: StackModel, serviceId: string): ModelResource[] {
  const svc = model.resource(serviceId)!;
  const name = typeof svc.props.ServiceName === 'string' ? svc.props.ServiceName : serviceId;
  return model
    .ofType('AWS::ApplicationAutoScaling::ScalableTarget')
    .filter((t) => t.props.ServiceNamespace === 'ecs' && typeof t.props.ResourceId === 'string' && t.props.ResourceId.endsWith(`/${name}`));
}

/**
 * The lowest task count a scheduled scaling action allows: while it is in force, its MinCapacity
 * is the floor (and a MaxCapacity caps the count), so "two tasks, except at night" is one task
 * at night. Undefined when no action goes below the service's usual count.
 */
export function scheduledFloor(model: StackModel, serviceId: string): { count: number; action: string } | undefined {
  const usual = desiredCount(model, serviceId);
  let lowest: { count: number; action: string } | undefined;
  for (const target of scalableTargetsOf(model, serviceId)) {
    for (const a of Array.isArray(target.props.ScheduledActions) ? target.props.ScheduledActions : []) {
      const limits = [a?.ScalableTargetAction?.MinCapacity, a?.ScalableTargetAction?.MaxCapacity].map(Number).filter(Number.isFinite);
      if (limits.length === 0) continue;
      const count = Math.min(...limits);
      if (count < usual && (!lowest || count < lowest.count)) lowest = { count, action: String(a.ScheduledActionName ?? 'unnamed') };
    }
  }
  return lowest;
}
