// What the TLS checks share: the internet-facing application load balancers this template
// defines, with their listeners, through the network view.
import type { StackModel } from '../../engine/model/model';
import { networkOf, type Listener, type LoadBalancer } from '../../engine/model/network';
import type { CheckOutcome } from '../../engine/types';

/** The internet-facing ALBs of the template, or the skip to return when there are none to judge. */
export function publicAlbs(model: StackModel): { ok: LoadBalancer[] } | { skip: CheckOutcome } {
  const albs = networkOf(model).loadBalancers.filter((lb) => lb.type === 'application' && lb.scheme === 'internet-facing' && !lb.imported);
  if (albs.length === 0) return { skip: { status: 'skip', reason: 'the stack defines no internet-facing application load balancer' } };
  return { ok: albs };
}

export const isHttps = (l: Listener) => String(l.protocol).toUpperCase() === 'HTTPS';
export const isHttp = (l: Listener) => String(l.protocol).toUpperCase() === 'HTTP';
