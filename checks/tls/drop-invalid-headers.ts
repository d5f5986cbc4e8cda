import { defineCheck } from '../../engine/types';
import { publicAlbs } from './load-balancers';

/** The ALB attribute (AWS::ElasticLoadBalancingV2::LoadBalancer LoadBalancerAttributes; CDK dropInvalidHeaderFields). */
export const DROP_INVALID_HEADERS = 'routing.http.drop_invalid_header_fields.enabled';

/** Every internet-facing ALB sets the attribute to true; its default is false. */
export const dropInvalidHeaders = defineCheck({
  id: 'tls.drop-invalid-headers',
  title: 'The load balancer drops HTTP headers with invalid names',
  severity: 'medium',
  why:
    'By default an ALB passes on header names that break the HTTP rules (underscores, odd characters). Servers and ' +
    'proxies behind it read such names differently, which is how request smuggling and header injection start. ' +
    'Dropping them at the edge costs nothing for clients that follow the standard.',
  refs: {
    securityHub: ['ELB.4'],
    soc2: ['CC6.6'],
    awsConfig: ['alb-http-drop-invalid-header-enabled'],
    docs: ['https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-attributes'],
  },
  offline({ model }) {
    const albs = publicAlbs(model);
    if ('skip' in albs) return albs.skip;
    const findings = albs.ok
      .filter((lb) => attribute(model.resource(lb.logicalId)?.props.LoadBalancerAttributes, DROP_INVALID_HEADERS) !== 'true')
      .map((lb) =>
        model.finding(lb.logicalId, `load balancer ${model.describe(lb.logicalId)} passes on headers with invalid names (${DROP_INVALID_HEADERS} is not true)`, 'Set dropInvalidHeaderFields: true on the ApplicationLoadBalancer.'),
      );
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});

/** A load balancer attribute's value as text, or undefined when the template does not set it. */
export function attribute(attributes: unknown, key: string): string | undefined {
  if (!Array.isArray(attributes)) return undefined;
  const found = attributes.find((a: any) => a?.Key === key);
  return found === undefined ? undefined : String(found.Value).toLowerCase();
}
