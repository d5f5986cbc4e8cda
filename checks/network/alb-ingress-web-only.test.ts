import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { albIngressWebOnly } from './alb-ingress-web-only';
import { webStack } from './fixtures';

describe('network.alb-ingress-web-only', () => {
  it('Compliance 1: 443 open, 80 open for a redirect-only listener', async () => {
    expect((await checkStack(albIngressWebOnly, webStack())).status).toBe('pass');
  });

  it('Compliance 2: 443 only, no HTTP listener', async () => {
    expect((await checkStack(albIngressWebOnly, webStack({ http: 'none' }))).status).toBe('pass');
  });

  it('Compliance 3: 443 over IPv6 too', async () => {
    const stack = webStack({ albIngress: (sg) => sg.addIngressRule(ec2.Peer.anyIpv6(), ec2.Port.tcp(443)) });
    expect((await checkStack(albIngressWebOnly, stack)).status).toBe('pass');
  });

  it('Noncompliance 1: open to the internet on all ports', async () => {
    const stack = webStack({ albIngress: (sg) => sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.allTraffic()) });
    const r = await checkStack(albIngressWebOnly, stack);
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual(["load balancer Alb's security group AlbSg accepts all traffic from 0.0.0.0/0 (anyone on the internet)"]);
    expect(r.findings[0].constructPath).toBe('Test/AlbSg/Resource');
  });

  it('Noncompliance 2: port 80 open while the port 80 listener serves the app in plain text', async () => {
    const r = await checkStack(albIngressWebOnly, webStack({ http: 'forward' }));
    expect(r.findings.map((f) => f.message)).toEqual(["load balancer Alb's security group AlbSg accepts tcp 80 from 0.0.0.0/0, but no port 80 listener only redirects to HTTPS"]);
  });

  it('Noncompliance 3: SSH and a range of high ports from ::/0', async () => {
    const stack = webStack({
      albIngress: (sg) => {
        sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22));
        sg.addIngressRule(ec2.Peer.anyIpv6(), ec2.Port.tcpRange(8000, 9000));
      },
    });
    const r = await checkStack(albIngressWebOnly, stack);
    expect(r.findings.map((f) => f.message)).toEqual([
      "load balancer Alb's security group AlbSg accepts tcp 22 from 0.0.0.0/0 (anyone on the internet)",
      "load balancer Alb's security group AlbSg accepts tcp 8000-9000 from ::/0 (anyone on the internet)",
    ]);
  });

  it('Noncompliance 4: closing 443 takes the app offline', async () => {
    const r = await checkStack(albIngressWebOnly, webStack({ open443: false }));
    expect(r.findings.map((f) => f.message)).toEqual(['load balancer Alb no longer accepts tcp 443 from the internet, so the listener on 443 serves nobody']);
  });

  it('Noncompliance 5: making the load balancer internal is not a fix', async () => {
    const r = await checkStack(albIngressWebOnly, webStack({ internal: true }));
    expect(r.findings[0].message).toMatch(/no internet-facing application load balancer/);
  });

  it('Noncompliance 6: an internet-facing load balancer moved into the private subnets', async () => {
    const stack = webStack();
    const vpc = stack.node.findChild('Vpc') as ec2.Vpc;
    const cfnAlb = stack.node.findChild('Alb').node.defaultChild as elbv2.CfnLoadBalancer;
    cfnAlb.subnets = vpc.privateSubnets.map((s) => s.subnetId);
    const r = await checkStack(albIngressWebOnly, stack);
    expect(r.findings.map((f) => f.message)).toEqual([
      'internet-facing load balancer Alb sits in private subnet Vpc/AppSubnet1/Subnet, which has no route to an internet gateway, so the internet cannot reach it',
      'internet-facing load balancer Alb sits in private subnet Vpc/AppSubnet2/Subnet, which has no route to an internet gateway, so the internet cannot reach it',
    ]);
  });

  it('params: extra web ports are allowed when the lab says so, bad params are refused', async () => {
    const stack = webStack({ albIngress: (sg) => sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(8443)) });
    expect((await checkStack(albIngressWebOnly, stack, { webPorts: [443, 8443] })).status).toBe('pass');
    const bad = await checkStack(albIngressWebOnly, stack, { webPorts: ['443'] });
    expect(bad.status).toBe('error');
    expect(bad.findings[0].message).toMatch(/webPorts must be/);
  });

  it('Compliance 4: open only to CloudFront\'s managed prefix list on 443 (no "serves nobody")', async () => {
    const stack = webStack({ open443: false, http: 'none', albIngress: (sg) => sg.addIngressRule(ec2.Peer.prefixList('pl-3b927c52'), ec2.Port.tcp(443), 'CloudFront origin-facing') });
    expect((await checkStack(albIngressWebOnly, stack)).status).toBe('pass');
  });

  it('Compliance 5: 443 open to 0.0.0.0/1 + 128.0.0.0/1 (the internet, split in two) serves the app', async () => {
    const stack = webStack({
      open443: false,
      http: 'none',
      albIngress: (sg) => {
        sg.addIngressRule(ec2.Peer.ipv4('0.0.0.0/1'), ec2.Port.tcp(443));
        sg.addIngressRule(ec2.Peer.ipv4('128.0.0.0/1'), ec2.Port.tcp(443));
      },
    });
    expect((await checkStack(albIngressWebOnly, stack)).status).toBe('pass');
  });

  it('Noncompliance 7: SSH open to 0.0.0.0/1 + 128.0.0.0/1 is open to the whole internet', async () => {
    const stack = webStack({
      albIngress: (sg) => {
        sg.addIngressRule(ec2.Peer.ipv4('0.0.0.0/1'), ec2.Port.tcp(22));
        sg.addIngressRule(ec2.Peer.ipv4('128.0.0.0/1'), ec2.Port.tcp(22));
      },
    });
    const r = await checkStack(albIngressWebOnly, stack);
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual([
      "load balancer Alb's security group AlbSg accepts tcp 22 from 0.0.0.0/1 (with the group's other blocks, every address) (anyone on the internet)",
      "load balancer Alb's security group AlbSg accepts tcp 22 from 128.0.0.0/1 (with the group's other blocks, every address) (anyone on the internet)",
    ]);
  });

  it('Noncompliance 8: a plain HTTP listener on 443 is not HTTPS', async () => {
    const stack = webStack({ http: 'none' });
    const listener = stack.node.findChild('Alb').node.findChild('Https').node.defaultChild as elbv2.CfnListener;
    listener.protocol = 'HTTP';
    listener.certificates = undefined;
    const r = await checkStack(albIngressWebOnly, stack);
    expect(r.findings.map((f) => f.message)).toEqual(["load balancer Alb's listener on 443 speaks HTTP, not HTTPS, so the internet gets the app in plain text on 443"]);
    expect(r.findings[0].constructPath).toBe('Test/Alb/Https/Resource');
  });

  it('Noncompliance 9: port 80 closed while its listener redirects to HTTPS: the redirect serves nobody', async () => {
    const stack = webStack();
    const sg = stack.node.findChild('AlbSg').node.defaultChild as ec2.CfnSecurityGroup;
    sg.addPropertyOverride('SecurityGroupIngress', [{ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }]);
    const r = await checkStack(albIngressWebOnly, stack);
    expect(r.findings.map((f) => f.message)).toEqual([
      'load balancer Alb keeps a port 80 listener that redirects to HTTPS, but accepts no tcp 80 from the internet, so browsers that type http:// wait for a timeout instead of being sent on to HTTPS',
    ]);
  });

  it('Noncompliance 10: 443 open only to a private range still serves nobody on the internet', async () => {
    const stack = webStack({ open443: false, http: 'none', albIngress: (sg) => sg.addIngressRule(ec2.Peer.ipv4('10.0.0.0/8'), ec2.Port.tcp(443)) });
    const r = await checkStack(albIngressWebOnly, stack);
    expect(r.findings.map((f) => f.message)).toEqual(['load balancer Alb no longer accepts tcp 443 from the internet, so the listener on 443 serves nobody']);
  });
});
