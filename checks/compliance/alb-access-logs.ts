import { defineCheck } from '../../engine/types';
import { ACCESS_LOGS_BUCKET, ACCESS_LOGS_ENABLED, rawAttribute } from './access-log-buckets';

/** Every application load balancer delivers access logs to an S3 bucket. */
export const albAccessLogs = defineCheck({
  id: 'compliance.alb-access-logs',
  title: 'The load balancer writes access logs',
  severity: 'medium',
  why:
    'Access logs record every request the load balancer received: when, from which address, for which path, and what it ' +
    'answered. They are the record of who used the system, which metrics and application logs do not keep, and the first ' +
    'thing an investigation asks for. They are off by default.',
  refs: {
    securityHub: ['ELB.5'],
    soc2: ['CC7.2'],
    cdkNag: ['AwsSolutions-ELB2'],
    awsConfig: ['elb-logging-enabled'],
    docs: ['https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html'],
  },
  offline({ model }) {
    const albs = model.ofType('AWS::ElasticLoadBalancingV2::LoadBalancer').filter((lb) => (lb.props.Type ?? 'application') === 'application');
    if (albs.length === 0) return { status: 'skip', reason: 'the stack has no application load balancer' };
    const findings = albs
      .filter((lb) => String(model.resolve(rawAttribute(model, lb.logicalId, ACCESS_LOGS_ENABLED))).toLowerCase() !== 'true' || rawAttribute(model, lb.logicalId, ACCESS_LOGS_BUCKET) === undefined)
      .map((lb) => model.finding(lb.logicalId, `load balancer ${model.describe(lb.logicalId)} writes no access logs (${ACCESS_LOGS_ENABLED} is not true with a bucket)`, 'Call alb.logAccessLogs(bucket) with a bucket encrypted with S3 managed keys.'));
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});
