import { describe, expect, it } from 'vitest';
import { privateApp, workingAcl } from '../../engine/model/network/endpoints.fixture';
import { checkStack } from '../../engine/testing/offline-context';
import { taskSubnetsHaveNacl } from './task-subnets-have-nacl';

describe('network.task-subnets-have-nacl', () => {
  it('Compliance 1: a network ACL on both task subnets', async () => {
    expect((await checkStack(taskSubnetsHaveNacl, privateApp({ nacl: (acl) => workingAcl(acl) }).stack)).status).toBe('pass');
  });

  it('Noncompliance 1: no ACL, so the VPC default allows everything', async () => {
    const r = await checkStack(taskSubnetsHaveNacl, privateApp().stack);
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual([
      "subnet Vpc/AppSubnet1/Subnet, where service Service/Service runs tasks, has no network ACL of its own, so the VPC's default ACL lets all traffic in and out",
      "subnet Vpc/AppSubnet2/Subnet, where service Service/Service runs tasks, has no network ACL of its own, so the VPC's default ACL lets all traffic in and out",
    ]);
  });
});
