// Who can find whom: the ECS services that publish a name (Service Connect services, or a Cloud
// Map registry) and the services that can resolve it. Shared by checks/discovery/*.
//
// The lab's shape: a frontend fed by a load balancer calls a backend that no load balancer feeds
// and that publishes a name. So backends are publishers no listener feeds, and callers are the
// services a listener feeds.
import type { ModelResource, StackModel } from '../../engine/model/model';
import type { EcsService, Network } from '../../engine/model/network';
import { fedByLoadBalancer } from '../network/fed-services';

export interface Backend {
  service: EcsService;
  how: 'service-connect' | 'cloud-map';
  /** The namespace's logical id when it is in the stack, else its name or ARN as written. */
  namespace?: string;
  /** The VPC a Cloud Map private DNS namespace answers in. */
  namespaceVpc?: string;
  /** The names callers use (client aliases, discovery names, Cloud Map service names). */
  names: string[];
  /** The ports the backend's tasks accept callers on. */
  ports: number[];
}

export interface DiscoveryView {
  backends: Backend[];
  callers: EcsService[];
}

export function discoveryView(net: Network): DiscoveryView {
  const fed = fedByLoadBalancer(net);
  const backends = net.services.filter((s) => !s.unknown && !fed.includes(s)).flatMap((s) => published(net.model, s));
  return { backends, callers: fed };
}

/** Can `caller` resolve the backend's name? */
export function canDiscover(net: Network, caller: EcsService, backend: Backend): boolean {
  if (backend.how === 'service-connect') {
    const client = serviceConnectOf(net.model, caller);
    return !!client && client.namespace === backend.namespace;
  }
  // A private DNS namespace answers anyone in its VPC through the VPC's resolver.
  const vpcs = caller.subnets.map((r) => r.subnet?.vpc);
  return !!backend.namespaceVpc && vpcs.includes(backend.namespaceVpc);
}

function published(model: StackModel, svc: EcsService): Backend[] {
  const out: Backend[] = [];
  const sc = serviceConnectOf(model, svc);
  const td = taskDefinitionOf(model, svc);
  if (sc && sc.services.length) {
    const ports = sc.services.map((s: any) => Number(s.IngressPortOverride ?? portOfMapping(td, s.PortName))).filter(Number.isFinite);
    const names = sc.services.flatMap((s: any) => [...(s.ClientAliases ?? []).map((a: any) => String(a.DnsName ?? s.DiscoveryName ?? s.PortName)), ...(s.ClientAliases?.length ? [] : [String(s.DiscoveryName ?? s.PortName)])]);
    out.push({ service: svc, how: 'service-connect', namespace: sc.namespace, names, ports });
  }
  const resource = model.resource(svc.logicalId);
  for (const reg of Array.isArray(resource?.props.ServiceRegistries) ? resource!.raw.Properties?.ServiceRegistries ?? [] : []) {
    const id = model.targetOf(reg?.RegistryArn);
    const cm = id ? model.resource(id) : undefined;
    if (cm?.type !== 'AWS::ServiceDiscovery::Service') continue;
    const nsId = model.targetOf(cm.raw.Properties?.NamespaceId ?? cm.raw.Properties?.DnsConfig?.NamespaceId);
    const ns = nsId ? model.resource(nsId) : undefined;
    // Only a private DNS namespace is resolvable by name from the VPC; an HTTP namespace needs API calls.
    const vpc = ns?.type === 'AWS::ServiceDiscovery::PrivateDnsNamespace' ? model.targetOf(ns.raw.Properties?.Vpc) : undefined;
    const port = Number(model.resolve(reg.ContainerPort ?? reg.Port));
    const ports = Number.isFinite(port) ? [port] : allContainerPorts(td);
    out.push({ service: svc, how: 'cloud-map', namespace: nsId, namespaceVpc: vpc, names: [String(cm.props.Name ?? id)], ports });
  }
  return out;
}

interface ServiceConnect {
  namespace?: string;
  services: any[];
}

/** The Service Connect configuration of a service, with its namespace (or the cluster's default). */
export function serviceConnectOf(model: StackModel, svc: EcsService): ServiceConnect | undefined {
  const resource = model.resource(svc.logicalId);
  const raw = resource?.raw.Properties?.ServiceConnectConfiguration;
  const enabled = resource?.props.ServiceConnectConfiguration?.Enabled;
  if (!raw || !(enabled === true || enabled === 'true')) return undefined;
  const clusterId = model.targetOf(resource?.raw.Properties?.Cluster);
  const cluster = clusterId ? model.resource(clusterId) : undefined;
  const ns = raw.Namespace ?? cluster?.raw.Properties?.ServiceConnectDefaults?.Namespace;
  return { namespace: namespaceKey(model, ns), services: Array.isArray(resource?.props.ServiceConnectConfiguration?.Services) ? resource!.props.ServiceConnectConfiguration.Services : [] };
}

/** One key per namespace however it is written: a reference, its name, or its ARN. */
function namespaceKey(model: StackModel, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const id = model.targetOf(value);
  if (id) return id;
  const text = String(model.resolve(value));
  const byName = [...model.ofType('AWS::ServiceDiscovery::PrivateDnsNamespace'), ...model.ofType('AWS::ServiceDiscovery::HttpNamespace')].find((n) => n.props.Name === text);
  return byName?.logicalId ?? text;
}

function taskDefinitionOf(model: StackModel, svc: EcsService): ModelResource | undefined {
  const id = model.targetOf(model.resource(svc.logicalId)?.raw.Properties?.TaskDefinition);
  return id ? model.resource(id) : undefined;
}

function mappings(td: ModelResource | undefined): any[] {
  return (Array.isArray(td?.props.ContainerDefinitions) ? td!.props.ContainerDefinitions : []).flatMap((c: any) => (Array.isArray(c?.PortMappings) ? c.PortMappings : []));
}

function portOfMapping(td: ModelResource | undefined, name: unknown): number {
  return Number(mappings(td).find((m) => m?.Name === name)?.ContainerPort);
}

function allContainerPorts(td: ModelResource | undefined): number[] {
  return [...new Set(mappings(td).map((m) => Number(m?.ContainerPort)).filter(Number.isFinite))];
}
