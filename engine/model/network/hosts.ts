// Where the tasks of a service without awsvpc networking (bridge, host) live: on the container
// instances of its cluster. The path is service → capacity provider (the service's strategy, or
// the cluster's default) → Auto Scaling group, or, without capacity providers, the Auto Scaling
// groups whose instances join the cluster through their user data (ECS_CLUSTER=…); then the
// group's launch template or launch configuration gives the instances' security groups and
// public IPs, and the group's VPCZoneIdentifier their subnets.
import type { ModelResource, StackModel } from '../model';
import { securityGroupRefs } from './load-balancers';
import { subnetRefs, type Subnet, type SubnetRef } from './subnets';

export interface ContainerHosts {
  /** Logical ids of the Auto Scaling groups whose instances run the tasks. */
  autoScalingGroups: string[];
  securityGroups: string[];
  externalSecurityGroups: string[];
  subnets: SubnetRef[];
  /** True/false when the launch template or configuration says; undefined when it leaves it to the subnet. */
  associatePublicIp?: boolean;
  /** Why the instances cannot be found in this template; set when the lists above are empty. */
  unknown?: string;
}

const ASG = 'AWS::AutoScaling::AutoScalingGroup';

/** The container instances of an EC2 service, or the reason they cannot be found. */
export function containerHosts(model: StackModel, service: ModelResource, subnets: Map<string, Subnet>): ContainerHosts {
  const cluster = model.targetOf(service.raw.Properties?.Cluster);
  const groups = autoScalingGroupsOf(model, service, cluster);
  if (groups.length === 0) {
    const reason = cluster
      ? `no Auto Scaling group of this template provides container instances to cluster ${model.describe(cluster)}`
      : `its cluster ${service.props.Cluster === undefined ? '(the account\'s default cluster)' : String(service.props.Cluster)} is not defined in this template`;
    return { autoScalingGroups: [], securityGroups: [], externalSecurityGroups: [], subnets: [], unknown: `where its container instances run cannot be told: ${reason}` };
  }
  const local = new Set<string>();
  const external = new Set<string>();
  const refs: SubnetRef[] = [];
  const publicIp: (boolean | undefined)[] = [];
  for (const asg of groups) {
    const launch = launchSettings(model, asg);
    const sgs = securityGroupRefs(model, launch.securityGroups);
    sgs.local.forEach((g) => local.add(g));
    sgs.external.forEach((g) => external.add(g));
    publicIp.push(launch.associatePublicIp);
    for (const ref of subnetRefs(model, subnets, asg.raw.Properties?.VPCZoneIdentifier)) {
      if (!refs.some((r) => r.raw === ref.raw)) refs.push(ref);
    }
  }
  return {
    autoScalingGroups: groups.map((g) => g.logicalId),
    securityGroups: [...local],
    externalSecurityGroups: [...external],
    subnets: refs,
    associatePublicIp: publicIp.some((p) => p === true) ? true : publicIp.every((p) => p === false) ? false : undefined,
  };
}

function autoScalingGroupsOf(model: StackModel, service: ModelResource, cluster: string | undefined): ModelResource[] {
  const strategy = providersIn(service.raw.Properties?.CapacityProviderStrategy);
  const providers = strategy.length ? strategy : cluster ? defaultProviders(model, cluster) : [];
  const viaProviders = providers
    .map((p) => model.targetOf(p))
    .map((id) => (id ? model.resource(id) : undefined))
    .filter((r): r is ModelResource => r?.type === 'AWS::ECS::CapacityProvider')
    .map((cp) => model.targetOf(cp.raw.Properties?.AutoScalingGroupProvider?.AutoScalingGroupArn))
    .map((id) => (id ? model.resource(id) : undefined))
    .filter((r): r is ModelResource => r?.type === ASG);
  if (viaProviders.length || strategy.length || !cluster) return viaProviders;
  // Without capacity providers the launch type EC2 places tasks on any instance that registered
  // with the cluster, and an instance registers through ECS_CLUSTER in its user data.
  return model.ofType(ASG).filter((asg) => mentions(launchResource(model, asg)?.raw.Properties, cluster));
}

function providersIn(strategy: unknown): unknown[] {
  return (Array.isArray(strategy) ? strategy : []).map((s: any) => s?.CapacityProvider).filter((p) => p !== undefined);
}

function defaultProviders(model: StackModel, cluster: string): unknown[] {
  const own = providersIn(model.resource(cluster)?.raw.Properties?.DefaultCapacityProviderStrategy);
  const associated = model
    .ofType('AWS::ECS::ClusterCapacityProviderAssociations')
    .filter((a) => model.targetOf(a.raw.Properties?.Cluster) === cluster);
  const byDefault = associated.flatMap((a) => providersIn(a.raw.Properties?.DefaultCapacityProviderStrategy));
  if (own.length || byDefault.length) return [...own, ...byDefault];
  // A cluster with capacity providers but no default strategy: a service without a strategy
  // then uses the launch type; its tasks still land on the instances of those providers' groups.
  return associated.flatMap((a) => (Array.isArray(a.raw.Properties?.CapacityProviders) ? a.raw.Properties.CapacityProviders : []));
}

/** Does a raw template value refer to the logical id anywhere (Ref or GetAtt)? */
function mentions(value: unknown, logicalId: string): boolean {
  if (Array.isArray(value)) return value.some((v) => mentions(v, logicalId));
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  if (v.Ref === logicalId) return true;
  const att = v['Fn::GetAtt'];
  if (att && (Array.isArray(att) ? att[0] === logicalId : String(att).split('.')[0] === logicalId)) return true;
  return Object.values(v).some((x) => mentions(x, logicalId));
}

function launchResource(model: StackModel, asg: ModelResource): ModelResource | undefined {
  const p = asg.raw.Properties ?? {};
  const spec = p.LaunchTemplate ?? p.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification;
  const id = model.targetOf(spec?.LaunchTemplateId ?? spec?.LaunchTemplateName ?? p.LaunchConfigurationName);
  return id ? model.resource(id) : undefined;
}

/** Security groups and public IP setting of the instances an Auto Scaling group launches. */
function launchSettings(model: StackModel, asg: ModelResource): { securityGroups: unknown[]; associatePublicIp?: boolean } {
  const launch = launchResource(model, asg);
  if (!launch) return { securityGroups: [] };
  const flag = (v: unknown) => (v === true || v === 'true' ? true : v === false || v === 'false' ? false : undefined);
  if (launch.type === 'AWS::AutoScaling::LaunchConfiguration') {
    return { securityGroups: launch.raw.Properties?.SecurityGroups ?? [], associatePublicIp: flag(launch.props.AssociatePublicIpAddress) };
  }
  const data = launch.raw.Properties?.LaunchTemplateData ?? {};
  const interfaces: any[] = Array.isArray(data.NetworkInterfaces) ? data.NetworkInterfaces : [];
  const primary = interfaces.find((n) => Number(model.resolve(n?.DeviceIndex ?? 0)) === 0);
  return {
    securityGroups: [...(data.SecurityGroupIds ?? []), ...(data.SecurityGroups ?? []), ...interfaces.flatMap((n) => n?.Groups ?? [])],
    associatePublicIp: primary ? flag(model.resolve(primary.AssociatePublicIpAddress)) : undefined,
  };
}

/** Something other than a load balancer or an ECS service that wears a security group. */
export interface GroupUser {
  logicalId: string;
  kind: 'instance' | 'launch template' | 'launch configuration' | 'network interface';
}

/**
 * Instances (and what launches them) by the security groups they wear: a group shared between
 * a load balancer and an instance lets that instance in wherever the load balancer is let in.
 */
export function groupUsers(model: StackModel): Map<string, GroupUser[]> {
  const out = new Map<string, GroupUser[]>();
  const add = (values: unknown[], user: GroupUser) => {
    for (const sg of securityGroupRefs(model, values).local) {
      const list = out.get(sg) ?? [];
      if (!list.some((u) => u.logicalId === user.logicalId)) out.set(sg, [...list, user]);
    }
  };
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  for (const r of model.ofType('AWS::EC2::Instance')) {
    const p = r.raw.Properties ?? {};
    add([...list(p.SecurityGroupIds), ...list(p.SecurityGroups), ...list(p.NetworkInterfaces).flatMap((n: any) => list(n?.GroupSet))], { logicalId: r.logicalId, kind: 'instance' });
  }
  for (const r of model.ofType('AWS::EC2::LaunchTemplate')) {
    const d = r.raw.Properties?.LaunchTemplateData ?? {};
    add([...list(d.SecurityGroupIds), ...list(d.SecurityGroups), ...list(d.NetworkInterfaces).flatMap((n: any) => list(n?.Groups))], { logicalId: r.logicalId, kind: 'launch template' });
  }
  for (const r of model.ofType('AWS::AutoScaling::LaunchConfiguration')) add(list(r.raw.Properties?.SecurityGroups), { logicalId: r.logicalId, kind: 'launch configuration' });
  for (const r of model.ofType('AWS::EC2::NetworkInterface')) add(list(r.raw.Properties?.GroupSet), { logicalId: r.logicalId, kind: 'network interface' });
  return out;
}
