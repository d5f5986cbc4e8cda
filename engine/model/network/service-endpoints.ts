// Can a task reach the AWS services it needs to start and run, and by which path? A Fargate task
// pulls its image (ECR api + dkr, layers from S3), ships logs (CloudWatch Logs), reads its secrets
// (Secrets Manager, SSM Parameter Store) and, with ECS Exec, talks to ssmmessages — all on 443.
// The answer per service and subnet is one path: an interface endpoint (when it has private DNS
// the service's usual name resolves to it, whatever the routes say), the S3 gateway endpoint (a
// prefix-list route in the subnet's route table), a NAT or internet gateway, or nothing.
import type { ModelResource, StackModel } from '../model';
import { naclAllows, TASK_EPHEMERAL_PORTS } from './nacls';
import { securityGroupRefs } from './load-balancers';
import type { EcsService } from './services';
import type { Subnet } from './subnets';
import type { Network } from './index';

/** Every AWS API a task calls is HTTPS. */
export const HTTPS_PORT = 443;
/** Where AWS services and public registries live, seen from a subnet: anywhere on the internet. */
const ANYWHERE = '0.0.0.0/0';

/**
 * The AWS services a task may need, by the suffix of their endpoint service name
 * (`com.amazonaws.<region>.<suffix>`), as CDK's InterfaceVpcEndpointAwsService names them;
 * `public-registry` is an image outside ECR (Docker Hub, public.ecr.aws), which no endpoint serves.
 */
export type AwsServiceId = 'ecr.api' | 'ecr.dkr' | 's3' | 'logs' | 'secretsmanager' | 'ssm' | 'ssmmessages' | 'public-registry';

export interface ServiceNeed {
  service: AwsServiceId;
  /** What the task needs it for, for messages ("pull image app:v1"). */
  why: string;
}

export type PathKind = 'interface-endpoint' | 'gateway-endpoint' | 'nat-gateway' | 'internet-gateway';

/** The way a task in one subnet reaches one service: `path` when it gets there, `blocked` when not. */
export interface EndpointReach {
  need: ServiceNeed;
  subnet: Subnet;
  path?: PathKind;
  /** The endpoint or gateway the path goes through (a logical id, when it is in the stack). */
  via?: string;
  /** Why the task does not get there, and the resource to blame. */
  blocked?: { reason: string; resource: string };
  /** Why it cannot be told from this template. */
  unknown?: string;
}

/** A private ECR image: `<account>.dkr.ecr.<region>.amazonaws.com[.cn]/<repo>`. */
const PRIVATE_ECR = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\//;

/** What the tasks of a service call, read from its task definition and the service itself. */
export function servicesNeeded(model: StackModel, svc: EcsService): ServiceNeed[] {
  const resource = model.resource(svc.logicalId);
  const tdId = model.targetOf(resource?.raw.Properties?.TaskDefinition);
  const td = tdId ? model.resource(tdId) : undefined;
  const needs: ServiceNeed[] = [];
  const add = (service: AwsServiceId, why: string) => {
    if (!needs.some((n) => n.service === service)) needs.push({ service, why });
  };
  for (const c of containersOf(td)) {
    const image = String(c.Image ?? '');
    const short = image.split('/').slice(1).join('/') || image;
    if (PRIVATE_ECR.test(image)) {
      add('ecr.api', `the pull of image ${short} (authentication)`);
      add('ecr.dkr', `the pull of image ${short} (the manifest)`);
      // ECR serves image layers from S3 (docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html).
      add('s3', `the layers of image ${short}, which ECR serves from S3`);
    } else if (image) {
      add('public-registry', `the pull of image ${image} from a public registry`);
    }
    if (c.LogConfiguration?.LogDriver === 'awslogs') add('logs', `the logs of container ${c.Name} (awslogs driver)`);
    for (const s of Array.isArray(c.Secrets) ? c.Secrets : []) {
      const from = String(s?.ValueFrom ?? '');
      if (from.includes(':secretsmanager:')) add('secretsmanager', `secret ${s.Name} of container ${c.Name}`);
      else if (from) add('ssm', `parameter ${s.Name} of container ${c.Name}`);
    }
    if (c.RepositoryCredentials?.CredentialsParameter) add('secretsmanager', `the registry credentials of container ${c.Name}`);
  }
  const exec = resource?.props.EnableExecuteCommand;
  if (exec === true || exec === 'true') add('ssmmessages', 'ECS Exec (the SSM agent\'s session channel)');
  return needs;
}

function containersOf(td: ModelResource | undefined): any[] {
  const list = td?.props.ContainerDefinitions;
  return Array.isArray(list) ? list : [];
}

export interface VpcEndpoint {
  logicalId: string;
  vpc?: string;
  type: 'Interface' | 'Gateway' | string;
  serviceName: string;
  privateDns: boolean;
  securityGroups: string[];
  externalSecurityGroups: string[];
  subnets: string[];
  routeTables: string[];
}

export function readVpcEndpoints(model: StackModel): VpcEndpoint[] {
  return model.ofType('AWS::EC2::VPCEndpoint').map((e) => {
    const sgs = securityGroupRefs(model, e.raw.Properties?.SecurityGroupIds);
    const ids = (v: unknown) => (Array.isArray(v) ? v.map((x) => model.targetOf(x)).filter((x): x is string => !!x) : []);
    return {
      logicalId: e.logicalId,
      vpc: model.targetOf(e.raw.Properties?.VpcId),
      // CloudFormation's default endpoint type is Gateway.
      type: String(e.props.VpcEndpointType ?? 'Gateway'),
      serviceName: String(e.props.ServiceName ?? ''),
      privateDns: e.props.PrivateDnsEnabled === true || e.props.PrivateDnsEnabled === 'true',
      securityGroups: sgs.local,
      externalSecurityGroups: sgs.external,
      subnets: ids(e.raw.Properties?.SubnetIds),
      routeTables: ids(e.raw.Properties?.RouteTableIds),
    };
  });
}

const servesService = (e: VpcEndpoint, service: AwsServiceId) => e.serviceName.endsWith(`.${service}`);

/** How a task of `svc` in `subnet` reaches each service it needs. */
export function reachAwsServices(net: Network, svc: EcsService, subnet: Subnet, needs = servicesNeeded(net.model, svc)): EndpointReach[] {
  const endpoints = readVpcEndpoints(net.model).filter((e) => !e.vpc || !subnet.vpc || e.vpc === subnet.vpc);
  return needs.map((need) => reachOne(net, svc, subnet, need, endpoints));
}

function reachOne(net: Network, svc: EcsService, subnet: Subnet, need: ServiceNeed, endpoints: VpcEndpoint[]): EndpointReach {
  const base = { need, subnet };
  if (need.service !== 'public-registry' && need.service !== 's3') {
    const interfaces = endpoints.filter((e) => e.type === 'Interface' && servesService(e, need.service));
    const dns = interfaces.filter((e) => e.privateDns);
    // With private DNS the usual host name resolves to the endpoint's addresses in this VPC, so
    // the endpoint is the path even when a NAT gateway is there too.
    if (dns.length) return { ...base, ...throughInterface(net, svc, subnet, dns) };
    const off = interfaces[0];
    const internet = throughInternet(net, svc, subnet);
    if (off && internet.blocked) {
      return { ...base, via: off.logicalId, blocked: { resource: off.logicalId, reason: `interface endpoint ${net.model.describe(off.logicalId)} has private DNS off, so the task resolves the service's public name, and ${internet.blocked.reason}` } };
    }
    return { ...base, ...internet };
  }
  if (need.service === 's3') {
    const gateway = endpoints.find((e) => e.type === 'Gateway' && servesService(e, 's3') && !!subnet.routeTable && e.routeTables.includes(subnet.routeTable));
    // The gateway endpoint's prefix-list route is more specific than a default route, so it wins.
    if (gateway) return { ...base, ...throughGateway(net, svc, subnet, gateway) };
  }
  return { ...base, ...throughInternet(net, svc, subnet) };
}

type Leg = Pick<EndpointReach, 'path' | 'via' | 'blocked' | 'unknown'>;

function throughInterface(net: Network, svc: EcsService, subnet: Subnet, endpoints: VpcEndpoint[]): Leg {
  const { model } = net;
  const names = endpoints.map((e) => model.describe(e.logicalId)).join(', ');
  const first = endpoints[0];
  const reachable = endpoints.filter((e) => e.securityGroups.length > 0 && svc.securityGroups.length > 0 && net.canReach(svc.securityGroups, e.securityGroups, HTTPS_PORT));
  if (reachable.length === 0) {
    const outside = [...svc.externalSecurityGroups, ...endpoints.flatMap((e) => e.externalSecurityGroups)];
    if (outside.length) return { path: 'interface-endpoint', via: first.logicalId, unknown: `security groups ${outside.join(', ')} are not defined in this template and may carry the path to interface endpoint ${names}` };
    if (svc.securityGroups.length === 0) return { path: 'interface-endpoint', via: first.logicalId, unknown: `service ${model.describe(svc.logicalId)} has no security group of this template` };
    const admits = endpoints.find((e) => e.securityGroups.some((g) => svc.securityGroups.some((t) => net.allowsIngress(g, t, HTTPS_PORT))));
    if (!admits) {
      return { path: 'interface-endpoint', via: first.logicalId, blocked: { resource: first.securityGroups[0] ?? first.logicalId, reason: `the security groups of interface endpoint ${names} do not admit tcp ${HTTPS_PORT} from the tasks' security group` } };
    }
    return { path: 'interface-endpoint', via: admits.logicalId, blocked: { resource: svc.securityGroups[0], reason: `the tasks' security group lets no tcp ${HTTPS_PORT} out to interface endpoint ${model.describe(admits.logicalId)}` } };
  }
  // DNS hands out the endpoint's addresses in every subnet it has, so each must be reachable.
  for (const e of reachable) {
    for (const id of e.subnets) {
      const to = net.subnets.get(id);
      if (!to) continue;
      const block = net.naclBlocks(subnet, to, { from: HTTPS_PORT, to: HTTPS_PORT }, TASK_EPHEMERAL_PORTS)[0];
      if (block) return { path: 'interface-endpoint', via: e.logicalId, blocked: { resource: block.acl, reason: naclReason(net, block, `interface endpoint ${model.describe(e.logicalId)} in subnet ${model.describe(to.logicalId)}`) } };
    }
  }
  return { path: 'interface-endpoint', via: reachable[0].logicalId };
}

function throughGateway(net: Network, svc: EcsService, subnet: Subnet, gateway: VpcEndpoint): Leg {
  const leg = { path: 'gateway-endpoint' as const, via: gateway.logicalId };
  // S3's addresses are public: the tasks' group must let 443 out to them (anywhere, or S3's prefix list).
  const egress = svc.securityGroups.some((g) => net.allowsEgress(g, ANYWHERE, HTTPS_PORT) || (net.securityGroup(g)?.egress ?? []).some((r) => r.peer.kind === 'prefix-list' && r.ports.from <= HTTPS_PORT && r.ports.to >= HTTPS_PORT));
  if (!egress) {
    if (svc.externalSecurityGroups.length) return { ...leg, unknown: `security groups ${svc.externalSecurityGroups.join(', ')} are not defined in this template` };
    return { ...leg, blocked: { resource: svc.securityGroups[0] ?? svc.logicalId, reason: `the tasks' security group lets no tcp ${HTTPS_PORT} out to S3 (anywhere, or S3's prefix list) for gateway endpoint ${net.model.describe(gateway.logicalId)}` } };
  }
  const acl = naclToAnywhere(net, subnet);
  return acl ? { ...leg, blocked: acl } : leg;
}

function throughInternet(net: Network, svc: EcsService, subnet: Subnet): Leg {
  const { model } = net;
  const nat = subnet.defaultRoutes.find((r) => r.target === 'nat-gateway');
  const igw = subnet.defaultRoutes.find((r) => r.target === 'internet-gateway');
  const where = `subnet ${model.describe(subnet.logicalId)}`;
  let leg: Leg;
  if (igw && svc.assignPublicIp) leg = { path: 'internet-gateway', via: igw.targetId };
  else if (nat) leg = { path: 'nat-gateway', via: nat.targetId };
  else if (igw) {
    // A task without a public IP in a public subnet has no way out: the internet gateway only
    // translates addresses that have a public IP (docs: fargate-task-networking.html).
    return { blocked: { resource: svc.logicalId, reason: `${where} routes to an internet gateway but the tasks get no public IP, and there is no NAT gateway or endpoint` } };
  } else {
    return { blocked: { resource: svc.logicalId, reason: `${where} has no route out (no NAT gateway) and there is no endpoint` } };
  }
  if (!svc.securityGroups.some((g) => net.allowsEgress(g, ANYWHERE, HTTPS_PORT))) {
    if (svc.externalSecurityGroups.length) return { ...leg, unknown: `security groups ${svc.externalSecurityGroups.join(', ')} are not defined in this template` };
    return { ...leg, blocked: { resource: svc.securityGroups[0] ?? svc.logicalId, reason: `the tasks' security group lets no tcp ${HTTPS_PORT} out to the internet` } };
  }
  const acl = naclToAnywhere(net, subnet);
  return acl ? { ...leg, blocked: acl } : leg;
}

/**
 * The task subnet's network ACL on the way to a public address: 443 out, and the replies back in
 * on the ephemeral ports. An ACL cannot name a prefix list, so S3 or the internet is "anywhere";
 * an ACL that lists S3's own ranges instead is judged too strictly here. The NAT gateway's own
 * subnet ACL is not judged.
 */
function naclToAnywhere(net: Network, subnet: Subnet): { reason: string; resource: string } | undefined {
  const id = net.naclOfSubnet.get(subnet.logicalId);
  const acl = id ? net.nacls.get(id) : undefined;
  if (!acl) return undefined;
  const name = `network ACL ${net.model.describe(acl.logicalId)} of subnet ${net.model.describe(subnet.logicalId)}`;
  if (!naclAllows(acl, true, ANYWHERE, { from: HTTPS_PORT, to: HTTPS_PORT })) return { resource: acl.logicalId, reason: `${name} lets no tcp ${HTTPS_PORT} out to ${ANYWHERE}` };
  if (!naclAllows(acl, false, ANYWHERE, TASK_EPHEMERAL_PORTS)) {
    return { resource: acl.logicalId, reason: `${name} lets no replies (to the tasks' ports, tcp ${TASK_EPHEMERAL_PORTS.from}-${TASK_EPHEMERAL_PORTS.to}) back in from ${ANYWHERE}; network ACLs are stateless` };
  }
  return undefined;
}

function naclReason(net: Network, block: ReturnType<Network['naclBlocks']>[number], target: string): string {
  const acl = `network ACL ${net.model.describe(block.acl)} of subnet ${net.model.describe(block.subnet.logicalId)}`;
  const replies = `to the tasks' ports, tcp ${TASK_EPHEMERAL_PORTS.from}-${TASK_EPHEMERAL_PORTS.to}`;
  return {
    out: `${acl} lets no tcp ${HTTPS_PORT} out toward ${target}`,
    in: `${acl} lets no tcp ${HTTPS_PORT} in to ${target}`,
    'replies-out': `${acl} lets no replies (${replies}) out from ${target}; network ACLs are stateless`,
    'replies-in': `${acl} lets no replies (${replies}) back in from ${target}; network ACLs are stateless`,
  }[block.what];
}

/** A path for messages: "interface endpoint VpcEcr", "NAT gateway …". */
export function describePath(model: StackModel, r: EndpointReach): string {
  const kind = { 'interface-endpoint': 'interface endpoint', 'gateway-endpoint': 'gateway endpoint', 'nat-gateway': 'NAT gateway', 'internet-gateway': 'internet gateway' }[r.path ?? 'nat-gateway'];
  return r.via ? `${kind} ${model.describe(r.via)}` : kind;
}
