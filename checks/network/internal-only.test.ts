import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { webStack } from './fixtures';
import { internalOnly } from './internal-only';

const PARAMS = { service: 'Service' };

describe('network.internal-only', () => {
  it('Compliance 1: an internal load balancer that admits only the VPC range', async () => {
    const stack = webStack({ internal: true, open443: false, http: 'none', albIngress: (sg) => sg.addIngressRule(ec2.Peer.ipv4('10.0.0.0/16'), ec2.Port.tcp(443)) });
    expect((await checkStack(internalOnly, stack, PARAMS)).status).toBe('pass');
  });

  it('Noncompliance 1: an internet-facing load balancer in front of the service', async () => {
    const r = await checkStack(internalOnly, webStack(), PARAMS);
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual(['load balancer Alb in front of service Service/Service is internet-facing, so the service can be called from the internet']);
  });

  it('Noncompliance 2: internal, but its security group admits 0.0.0.0/0 on the listener port', async () => {
    const r = await checkStack(internalOnly, webStack({ internal: true, http: 'none' }), PARAMS);
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual([
      "internal load balancer Alb lets in 0.0.0.0/0 on tcp 443, which is outside the VPC's private address space",
    ]);
  });

  it('Noncompliance 3: internal, but open to an office\'s public block', async () => {
    const stack = webStack({ internal: true, open443: false, http: 'none', albIngress: (sg) => sg.addIngressRule(ec2.Peer.ipv4('203.0.113.0/24'), ec2.Port.tcp(443)) });
    const r = await checkStack(internalOnly, stack, PARAMS);
    expect(r.findings.map((f) => f.message).join('\n')).toMatch(/lets in 203\.0\.113\.0\/24 on tcp 443/);
  });

  it('skips, saying so, when the named service is gone (the lab\'s guard keeps a deleted service from passing)', async () => {
    const r = await checkStack(internalOnly, webStack(), { service: 'Ledger' });
    expect(r.status).toBe('skip');
    expect(r.findings.map((f) => f.message)).toEqual(['the stack has no ECS service with the construct id "Ledger", so there is nothing to keep internal — put the service back']);
  });

  it('needs the service it judges: a public web app is right to face the internet', () => {
    expect(() => internalOnly.params!({})).toThrow(/needs the parameter "service"/);
  });
});
