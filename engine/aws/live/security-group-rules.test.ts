import { DescribeSecurityGroupRulesCommand, EC2Client, type SecurityGroupRule } from '@aws-sdk/client-ec2';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { afterEach, describe, expect, it } from 'vitest';
import { webStack } from '../../../checks/network/fixtures';
import { mockSdk } from '../sdk-mock';
import { securityGroupRulesMatch } from './security-group-rules';
import { ACCOUNT, idOf, liveContext } from './test-context';

const ec2Mock = mockSdk(EC2Client);
afterEach(() => ec2Mock.reset());

const ctx = liveContext(webStack(), {});
const taskSg = ctx.resources.get(idOf(ctx, 'TaskSg', 'AWS::EC2::SecurityGroup'))!.physicalId;
const albSg = ctx.resources.get(idOf(ctx, 'AlbSg', 'AWS::EC2::SecurityGroup'))!.physicalId;

let n = 0;
const rule = (r: Partial<SecurityGroupRule>): SecurityGroupRule => ({ SecurityGroupRuleId: `sgr-${String(++n).padStart(17, '0')}`, GroupId: taskSg, GroupOwnerId: ACCOUNT, IsEgress: false, ...r });
/** What EC2 returns for the deployed task group: 8080 from the load balancer's group, and the default allow-all egress. */
const asDeployed = () => [
  rule({ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, ReferencedGroupInfo: { GroupId: albSg, UserId: ACCOUNT }, Description: 'Load balancer to target' }),
  rule({ IsEgress: true, IpProtocol: '-1', FromPort: -1, ToPort: -1, CidrIpv4: '0.0.0.0/0' }),
];

describe('live: network.task-ingress-from-alb-only (security group rules equal the template\'s)', () => {
  it('Compliance 1: the deployed rules are the template\'s (egress is not compared)', async () => {
    ec2Mock.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: asDeployed() });
    expect(await securityGroupRulesMatch(ctx)).toEqual({ status: 'pass' });
    expect(ec2Mock.commandCalls(DescribeSecurityGroupRulesCommand)[0].args[0].input.Filters).toEqual([{ Name: 'group-id', Values: [taskSg] }]);
  });

  it('Noncompliance 1: a drift opened tcp 8080 to 0.0.0.0/0 in the account (second page of results)', async () => {
    ec2Mock
      .on(DescribeSecurityGroupRulesCommand)
      .resolvesOnce({ SecurityGroupRules: asDeployed(), NextToken: 'more' })
      .resolvesOnce({ SecurityGroupRules: [rule({ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, CidrIpv4: '0.0.0.0/0', Description: 'ecs-lab drift break' })] });
    const r = await securityGroupRulesMatch(ctx);
    expect(r).toMatchObject({ status: 'fail', findings: [{ message: expect.stringMatching(new RegExp(`TaskSg \\(${taskSg}\\) accepts tcp 8080 from 0\\.0\\.0\\.0/0 in the account, a rule the template does not have`)) }] });
    expect(r.status === 'fail' && r.findings).toHaveLength(1);
  });

  it('Noncompliance 2: the rule from the load balancer was removed by hand', async () => {
    ec2Mock.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: asDeployed().filter((r) => r.IsEgress) });
    const r = await securityGroupRulesMatch(ctx);
    expect(r).toMatchObject({ status: 'fail', findings: [{ message: expect.stringMatching(new RegExp(`lacks the template's rule tcp 8080 from ${albSg} in the account`)) }] });
  });

  it('Noncompliance 3: all traffic (-1) added, compared as all ports', async () => {
    ec2Mock.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: [...asDeployed(), rule({ IpProtocol: '-1', FromPort: -1, ToPort: -1, CidrIpv6: '::/0' })] });
    const r = await securityGroupRulesMatch(ctx);
    expect(r.status === 'fail' && r.findings[0].message).toMatch(/accepts all traffic from ::\/0/);
  });

  it('a template whose task group allows a CIDR matches the same CIDR rule live', async () => {
    const c = liveContext(webStack({ taskIngress: (sg) => sg.addIngressRule(ec2.Peer.ipv4('10.0.0.0/16'), ec2.Port.tcp(9000)) }), {});
    const sg = c.resources.get(idOf(c, 'TaskSg', 'AWS::EC2::SecurityGroup'))!.physicalId;
    const alb = c.resources.get(idOf(c, 'AlbSg', 'AWS::EC2::SecurityGroup'))!.physicalId;
    ec2Mock.on(DescribeSecurityGroupRulesCommand).resolves({
      SecurityGroupRules: [
        rule({ GroupId: sg, IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, ReferencedGroupInfo: { GroupId: alb } }),
        rule({ GroupId: sg, IpProtocol: 'tcp', FromPort: 9000, ToPort: 9000, CidrIpv4: '10.0.0.0/16' }),
      ],
    });
    expect(await securityGroupRulesMatch(c)).toEqual({ status: 'pass' });
  });

  it('skips when the task group is not deployed', async () => {
    const c = { ...ctx, resources: new Map([...ctx.resources].filter(([, r]) => r.type !== 'AWS::EC2::SecurityGroup')) };
    expect((await securityGroupRulesMatch(c)).status).toBe('skip');
    expect(ec2Mock.calls()).toHaveLength(0);
  });
});
