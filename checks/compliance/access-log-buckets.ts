// The buckets this stack's load balancers deliver access logs to, read from the
// `access_logs.s3.bucket` load balancer attribute.
import type { StackModel } from '../../engine/model/model';

export const ACCESS_LOGS_ENABLED = 'access_logs.s3.enabled';
export const ACCESS_LOGS_BUCKET = 'access_logs.s3.bucket';

/** The raw value of a load balancer attribute (a Ref survives, so it can be followed). */
export function rawAttribute(model: StackModel, lbId: string, key: string): unknown {
  const attrs = model.resource(lbId)?.raw.Properties?.LoadBalancerAttributes;
  return Array.isArray(attrs) ? attrs.find((a: any) => a?.Key === key)?.Value : undefined;
}

/** Logical ids of this stack's buckets that receive a load balancer's access logs. */
export function accessLogBuckets(model: StackModel): Set<string> {
  const out = new Set<string>();
  for (const lb of model.ofType('AWS::ElasticLoadBalancingV2::LoadBalancer')) {
    const id = model.targetOf(rawAttribute(model, lb.logicalId, ACCESS_LOGS_BUCKET));
    if (id && model.resource(id)?.type === 'AWS::S3::Bucket') out.add(id);
  }
  return out;
}
