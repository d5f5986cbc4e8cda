import { defineCheck, type Finding } from '../../engine/types';
import type { StackModel } from '../../engine/model/model';
import { networkOf } from '../../engine/model/network';
import { canDiscover, discoveryView, type Backend } from './connections';

/**
 * The frontend finds the backend by name, not by an address baked into its configuration: the
 * backend publishes a name through Service Connect (a `services` entry on a port mapping) or a
 * Cloud Map registry, and the frontend can resolve it — a Service Connect client in the same
 * namespace, or in the VPC of the private DNS namespace. The guard of the service discovery lab:
 * without a published backend there is nothing to discover, and that fails here.
 */
export const backendDiscoverable = defineCheck({
  id: 'discovery.backend-discoverable',
  title: 'The backend publishes a name the frontend can resolve (Service Connect or Cloud Map)',
  severity: 'high',
  why:
    'Tasks come and go with new IP addresses on every deployment, so callers need a name that follows them. Service ' +
    'Connect gives each client a proxy that resolves the backend\'s short name in the namespace (with retries and ' +
    'metrics); Cloud Map DNS gives a record per healthy task. Either only works when the caller is a client of the ' +
    'same namespace, or in the VPC the DNS namespace answers in.',
  refs: {
    wellArchitected: ['REL 4: Design interactions in a distributed system to prevent failures'],
    docs: ['https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect.html', 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-discovery.html'],
  },
  offline({ model }) {
    const net = networkOf(model);
    const { backends, callers } = discoveryView(net);
    if (backends.length === 0) {
      const subject = net.services.find((s) => !callers.includes(s)) ?? net.services[0];
      return { status: 'fail', findings: [model.finding(subject?.logicalId, 'no service outside the load balancer publishes a name through Service Connect or Cloud Map, so there is no backend for the frontend to discover', 'Give the backend serviceConnectConfiguration: { services: [{ portMappingName, dnsName }] } (or cloudMapOptions), and keep it out of the load balancer.')] };
    }
    if (callers.length === 0) return { status: 'skip', reason: 'no service behind a load balancer calls the backend' };
    const findings: Finding[] = [];
    for (const b of backends) {
      if (callers.some((c) => canDiscover(net, c, b))) continue;
      for (const c of callers) findings.push(model.finding(c.logicalId, `service ${model.describe(c.logicalId)} cannot discover backend ${model.describe(b.service.logicalId)}: ${why(model, model.describe(c.logicalId), b)}`, hint(b)));
    }
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});

function why(model: StackModel, caller: string, b: Backend): string {
  const names = b.names.join(', ');
  const namespace = b.namespace ? String(model.resource(b.namespace)?.props.Name ?? b.namespace) : '(none)';
  if (b.how === 'service-connect') return `the backend publishes ${names} through Service Connect in namespace ${namespace}, and ${caller} is not a Service Connect client in that namespace`;
  if (!b.namespaceVpc) return `the backend registers ${names} in a Cloud Map namespace that is not a private DNS namespace of this stack, so no DNS name resolves in the VPC`;
  return `the backend registers ${names} in a private DNS namespace of another VPC`;
}

function hint(b: Backend): string {
  return b.how === 'service-connect'
    ? 'Turn Service Connect on for the frontend in the same namespace (serviceConnectConfiguration: {} with the cluster\'s default namespace), then call the backend by its dnsName.'
    : 'Create the private DNS namespace in the VPC the frontend runs in.';
}
