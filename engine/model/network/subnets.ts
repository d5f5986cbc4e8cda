// VPCs and subnets, and what makes a subnet public: not its name or a CDK subnet type, but a
// route table that sends the default route (0.0.0.0/0 or ::/0) to an internet gateway.
import type { StackModel } from '../model';
import { isAnyAddress } from './cidr';

export interface Vpc {
  logicalId: string;
  cidrBlocks: string[];
}

export type RouteTargetKind = 'internet-gateway' | 'nat-gateway' | 'egress-only-gateway' | 'other';

export interface Route {
  logicalId: string;
  destination: string;
  target: RouteTargetKind;
  /** The logical id of the gateway, when it is defined in this stack. */
  targetId?: string;
}

/**
 * `public`: the default route goes to an internet gateway, so anything with a public IP in it is
 * reachable from the internet. `private`: it goes out through NAT (or another egress-only path).
 * `isolated`: no default route at all.
 */
export type SubnetKind = 'public' | 'private' | 'isolated';

export interface Subnet {
  logicalId: string;
  vpc?: string;
  availabilityZone?: string;
  cidr?: string;
  mapPublicIpOnLaunch: boolean;
  /** Undefined when no association exists: the VPC's main route table, which only routes locally. */
  routeTable?: string;
  defaultRoutes: Route[];
  kind: SubnetKind;
}

/** A reference to a subnet from another resource: the subnet when it is in this stack. */
export interface SubnetRef {
  raw: string;
  subnet?: Subnet;
}

export function readVpcs(model: StackModel): Vpc[] {
  return model.ofType('AWS::EC2::VPC').map((r) => {
    const extra = model
      .ofType('AWS::EC2::VPCCidrBlock')
      .filter((b) => model.targetOf(b.raw.Properties?.VpcId) === r.logicalId)
      .map((b) => b.props.CidrBlock ?? b.props.Ipv6CidrBlock)
      .filter((c): c is string => typeof c === 'string');
    return { logicalId: r.logicalId, cidrBlocks: [r.props.CidrBlock, ...extra].filter((c): c is string => typeof c === 'string') };
  });
}

export function readSubnets(model: StackModel): Map<string, Subnet> {
  const tableOf = new Map<string, string>();
  for (const a of model.ofType('AWS::EC2::SubnetRouteTableAssociation')) {
    const subnet = model.targetOf(a.raw.Properties?.SubnetId);
    const table = model.targetOf(a.raw.Properties?.RouteTableId);
    if (subnet && table) tableOf.set(subnet, table);
  }
  const routesOf = new Map<string, Route[]>();
  for (const r of model.ofType('AWS::EC2::Route')) {
    const table = model.targetOf(r.raw.Properties?.RouteTableId);
    const destination = r.props.DestinationCidrBlock ?? r.props.DestinationIpv6CidrBlock;
    if (!table || typeof destination !== 'string' || !isAnyAddress(destination)) continue;
    const route = { logicalId: r.logicalId, destination, ...routeTarget(model, r.raw.Properties ?? {}) };
    const routes = routesOf.get(table);
    if (routes) routes.push(route);
    else routesOf.set(table, [route]);
  }
  const out = new Map<string, Subnet>();
  for (const s of model.ofType('AWS::EC2::Subnet')) {
    const routeTable = tableOf.get(s.logicalId);
    const defaultRoutes = routeTable ? routesOf.get(routeTable) ?? [] : [];
    out.set(s.logicalId, {
      logicalId: s.logicalId,
      vpc: model.targetOf(s.raw.Properties?.VpcId),
      availabilityZone: typeof s.props.AvailabilityZone === 'string' ? s.props.AvailabilityZone : s.props.AvailabilityZoneId,
      cidr: typeof s.props.CidrBlock === 'string' ? s.props.CidrBlock : undefined,
      mapPublicIpOnLaunch: s.props.MapPublicIpOnLaunch === true || s.props.MapPublicIpOnLaunch === 'true',
      routeTable,
      defaultRoutes,
      kind: subnetKind(defaultRoutes),
    });
  }
  return out;
}

function routeTarget(model: StackModel, props: Record<string, unknown>): { target: RouteTargetKind; targetId?: string } {
  if (props.GatewayId !== undefined) {
    const id = model.targetOf(props.GatewayId);
    const type = id ? model.resource(id)?.type : undefined;
    const literal = model.resolve(props.GatewayId);
    // GatewayId also takes virtual private gateways; only an internet gateway makes a subnet public.
    const igw = type === 'AWS::EC2::InternetGateway' || (!type && typeof literal === 'string' && literal.startsWith('igw-'));
    return { target: igw ? 'internet-gateway' : 'other', targetId: id };
  }
  if (props.NatGatewayId !== undefined) return { target: 'nat-gateway', targetId: model.targetOf(props.NatGatewayId) };
  if (props.EgressOnlyInternetGatewayId !== undefined) {
    return { target: 'egress-only-gateway', targetId: model.targetOf(props.EgressOnlyInternetGatewayId) };
  }
  const other = ['InstanceId', 'NetworkInterfaceId', 'TransitGatewayId', 'VpcPeeringConnectionId', 'VpcEndpointId', 'CarrierGatewayId', 'LocalGatewayId', 'CoreNetworkArn'];
  const key = other.find((k) => props[k] !== undefined);
  return { target: 'other', targetId: key ? model.targetOf(props[key]) : undefined };
}

export function subnetKind(defaultRoutes: Route[]): SubnetKind {
  if (defaultRoutes.some((r) => r.target === 'internet-gateway')) return 'public';
  return defaultRoutes.length > 0 ? 'private' : 'isolated';
}

/** The internet gateway route that makes a subnet public, if any. */
export function internetRoute(subnet: Subnet): Route | undefined {
  return subnet.defaultRoutes.find((r) => r.target === 'internet-gateway');
}

/** Resolves a list of subnet ids from a property (service, load balancer) to subnets of the stack. */
export function subnetRefs(model: StackModel, subnets: Map<string, Subnet>, values: unknown): SubnetRef[] {
  if (!Array.isArray(values)) return [];
  return values.map((v) => {
    const raw = String(model.resolve(v));
    const id = model.targetOf(v);
    return { raw, subnet: id ? subnets.get(id) : undefined };
  });
}

/** Distinct, known Availability Zones of some subnets. */
export function zonesOf(refs: SubnetRef[]): string[] {
  return [...new Set(refs.map((r) => r.subnet?.availabilityZone).filter((z): z is string => !!z))].sort();
}
