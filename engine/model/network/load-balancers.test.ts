import { App, Duration, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { describe, expect, it } from 'vitest';
import { offlineContext } from '../../testing/offline-context';
import { forwardsTo, networkOf, redirectsToHttps, zonesOf } from './index';

const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';

function albStack(opts: { internal?: boolean; keepProtocol?: boolean; httpRule?: boolean } = {}) {
  const stack = new Stack(new App(), 'Test');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: !opts.internal });
  const tg = new elbv2.ApplicationTargetGroup(stack, 'Tg', {
    vpc, port: 8080, protocol: elbv2.ApplicationProtocol.HTTP, targetType: elbv2.TargetType.IP,
    healthCheck: { path: '/health', port: '9090', interval: Duration.seconds(15) },
  });
  alb.addListener('Https', { port: 443, certificates: [acm.Certificate.fromCertificateArn(stack, 'Cert', CERT)], defaultTargetGroups: [tg] });
  const http = alb.addListener('Http', {
    port: 80,
    defaultAction: elbv2.ListenerAction.redirect({ protocol: opts.keepProtocol ? '#{protocol}' : 'HTTPS', port: '443', permanent: true }),
  });
  if (opts.httpRule) http.addAction('Api', { priority: 10, conditions: [elbv2.ListenerCondition.pathPatterns(['/api/*'])], action: elbv2.ListenerAction.forward([tg]) });
  return stack;
}

describe('network load balancers', () => {
  it('reads scheme, subnets, security groups and listeners', () => {
    const net = networkOf(offlineContext(albStack()).model);
    const [lb] = net.loadBalancers;
    expect(lb).toMatchObject({ type: 'application', scheme: 'internet-facing', externalSecurityGroups: [] });
    expect(lb.securityGroups).toHaveLength(1);
    expect(lb.subnets.every((s) => s.subnet?.kind === 'public')).toBe(true);
    expect(zonesOf(lb.subnets)).toEqual(['us-east-1a', 'us-east-1b']);
    expect(lb.listeners.map((l) => [l.port, l.protocol]).sort()).toEqual([[443, 'HTTPS'], [80, 'HTTP']]);
    expect(net.membersOf(lb.securityGroups[0])).toEqual([expect.objectContaining({ kind: 'load-balancer', logicalId: lb.logicalId })]);
  });

  it('knows a redirect-only listener from one that keeps HTTP or forwards some paths', () => {
    const listener = (stack: Stack, port: number) => networkOf(offlineContext(stack).model).listeners.find((l) => l.port === port)!;
    expect(redirectsToHttps(listener(albStack(), 80))).toBe(true);
    expect(redirectsToHttps(listener(albStack(), 443))).toBe(false);
    expect(redirectsToHttps(listener(albStack({ keepProtocol: true }), 80))).toBe(false);
    const withRule = listener(albStack({ httpRule: true }), 80);
    expect(redirectsToHttps(withRule)).toBe(false);
    expect(withRule.rules).toHaveLength(1);
  });

  it('follows forward actions to target groups and reads health checks', () => {
    const net = networkOf(offlineContext(albStack({ httpRule: true })).model);
    const [tg] = [...net.targetGroups.values()];
    expect(tg).toMatchObject({ port: 8080, protocol: 'HTTP', targetType: 'ip', healthCheck: { enabled: true, path: '/health', port: 9090 } });
    expect(net.listeners.filter((l) => forwardsTo(l, tg.logicalId)).map((l) => l.port).sort()).toEqual([443, 80]);
  });

  it('an internal load balancer sits in private subnets', () => {
    const net = networkOf(offlineContext(albStack({ internal: true })).model);
    expect(net.loadBalancers[0].scheme).toBe('internal');
    expect(net.loadBalancers[0].subnets.every((s) => s.subnet?.kind === 'private')).toBe(true);
  });
});
