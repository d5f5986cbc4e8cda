import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { describe, expect, it } from 'vitest';
import { privateApp, workingAcl } from '../../engine/model/network/endpoints.fixture';
import { checkStack } from '../../engine/testing/offline-context';
import { naclNoAdminPortsFromInternet } from './nacl-no-admin-ports-from-internet';

const deny = (acl: ec2.NetworkAcl, id: string, ruleNumber: number, port: number) =>
  acl.addEntry(id, { ruleNumber, cidr: ec2.AclCidr.anyIpv4(), traffic: ec2.AclTraffic.tcpPort(port), direction: ec2.TrafficDirection.INGRESS, ruleAction: ec2.Action.DENY });
const check = (nacl?: (acl: ec2.NetworkAcl) => void) => checkStack(naclNoAdminPortsFromInternet, privateApp({ nacl }).stack);

describe('network.nacl-no-admin-ports-from-internet', () => {
  it('Compliance 1: denies for 22 and 3389 numbered before the ephemeral allow', async () => {
    const r = await check((acl) => {
      deny(acl, 'NoSsh', 50, 22);
      deny(acl, 'NoRdp', 60, 3389);
      workingAcl(acl);
    });
    expect(r.status).toBe('pass');
  });

  it('Compliance 2: no ACL is no subject', async () => {
    expect((await check()).status).toBe('skip');
  });

  it('Noncompliance 1: replies from anywhere (1024-65535) admit RDP when no deny comes first', async () => {
    const r = await check((acl) => workingAcl(acl));
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual(['network ACL AppAcl lets tcp 1024-65535 in from 0.0.0.0/0 at rule 200, which admits port 3389 (RDP) from anyone']);
    expect(r.findings[0].constructPath).toBe('Test/AppAcl/RepliesIn/Resource');
  });

  it('Noncompliance 2: the deny comes after the allow, so it never matches', async () => {
    const r = await check((acl) => {
      workingAcl(acl);
      deny(acl, 'NoRdp', 300, 3389);
    });
    expect(r.findings.map((f) => f.message)).toEqual(['network ACL AppAcl lets tcp 1024-65535 in from 0.0.0.0/0 at rule 200, which admits port 3389 (RDP) from anyone']);
  });

  it('Noncompliance 3: SSH allowed outright, over IPv6', async () => {
    const r = await check((acl) => acl.addEntry('Ssh6', { ruleNumber: 10, cidr: ec2.AclCidr.anyIpv6(), traffic: ec2.AclTraffic.tcpPort(22), direction: ec2.TrafficDirection.INGRESS }));
    expect(r.findings.map((f) => f.message)).toEqual(['network ACL AppAcl lets tcp 22 in from ::/0 at rule 10, which admits port 22 (SSH) from anyone']);
  });
});
