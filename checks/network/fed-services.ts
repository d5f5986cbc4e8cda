// The services a load balancer listener sends traffic to: the subject of the checks about the
// load balancer → task path. A service no listener feeds (a worker, a Service Connect backend)
// beside them is not; with none fed at all, the path the lab is about is missing.
import type { EcsService, Network } from '../../engine/model/network';

export function fedByLoadBalancer(net: Network): EcsService[] {
  return net.services.filter((s) => !s.unknown && net.loadBalancersInFrontOf(s).length > 0 && net.targetPorts(s).length > 0);
}
