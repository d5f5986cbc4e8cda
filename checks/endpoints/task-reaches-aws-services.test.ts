import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { describe, expect, it } from 'vitest';
import { privateApp, workingAcl } from '../../engine/model/network/endpoints.fixture';
import { checkStack } from '../../engine/testing/offline-context';
import { taskReachesAwsServices } from './task-reaches-aws-services';

const check = (opts: Parameters<typeof privateApp>[0], params: Record<string, unknown> = {}) => checkStack(taskReachesAwsServices, privateApp(opts).stack, params);

describe('endpoints.task-reaches-aws-services', () => {
  it('Compliance 1: isolated subnets with ECR api/dkr, Logs, Secrets Manager and the S3 gateway endpoint', async () => {
    expect((await check({}, { via: 'endpoints' })).status).toBe('pass');
  });

  it('Compliance 2: private subnets through a NAT gateway, when NAT is allowed', async () => {
    expect((await check({ nat: true, interfaces: [], s3Gateway: false })).status).toBe('pass');
  });

  it('Compliance 3: a network ACL that lets 443 out and the replies back in', async () => {
    expect((await check({ nacl: (acl) => workingAcl(acl) }, { via: 'endpoints' })).status).toBe('pass');
  });

  it('Noncompliance 1: no ECR docker endpoint and no S3 gateway endpoint in isolated subnets', async () => {
    const r = await check({ interfaces: ['ECR', 'CLOUDWATCH_LOGS', 'SECRETS_MANAGER'], s3Gateway: false });
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual([
      'tasks of service Service/Service cannot reach the ECR registry (ecr.dkr) for the pull of image app:v1 (the manifest): subnet Vpc/AppSubnet1/Subnet has no route out (no NAT gateway) and there is no endpoint',
      'tasks of service Service/Service cannot reach S3 for the layers of image app:v1, which ECR serves from S3: subnet Vpc/AppSubnet1/Subnet has no route out (no NAT gateway) and there is no endpoint',
      'tasks of service Service/Service cannot reach the ECR registry (ecr.dkr) for the pull of image app:v1 (the manifest): subnet Vpc/AppSubnet2/Subnet has no route out (no NAT gateway) and there is no endpoint',
      'tasks of service Service/Service cannot reach S3 for the layers of image app:v1, which ECR serves from S3: subnet Vpc/AppSubnet2/Subnet has no route out (no NAT gateway) and there is no endpoint',
    ]);
    expect(r.findings[1].hint).toMatch(/GatewayVpcEndpointAwsService\.S3/);
  });

  it('Noncompliance 2: private DNS off on the Logs endpoint', async () => {
    const r = await check({ privateDnsOff: ['CLOUDWATCH_LOGS'] });
    expect(r.findings).toHaveLength(2);
    expect(r.findings[0].message).toMatch(/cannot reach CloudWatch Logs .*interface endpoint Vpc\/CLOUDWATCH_LOGS has private DNS off/);
    expect(r.findings[0].constructPath).toBe('Test/Vpc/CLOUDWATCH_LOGS/Resource');
  });

  it('Noncompliance 3: the endpoint group admits another port, and a NAT gateway does not save it', async () => {
    const r = await check({ nat: true, endpointIngress: (e, t) => e.addIngressRule(t, ec2.Port.tcp(80)) });
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message.replace(/: .*/, ''))).toContain('tasks of service Service/Service cannot reach ECR (ecr.api) for the pull of image app:v1 (authentication)');
    expect(r.findings[0].message).toMatch(/do not admit tcp 443 from the tasks' security group/);
  });

  it('Noncompliance 4: a network ACL without the return path', async () => {
    const r = await check({ nacl: (acl) => workingAcl(acl, { repliesIn: false }) });
    expect(r.status).toBe('fail');
    expect(r.findings[0].message).toMatch(/network ACL AppAcl .* lets no replies/);
    expect(r.findings[0].constructPath).toBe('Test/AppAcl/Resource');
  });

  it('Noncompliance 5: via endpoints, a NAT path is a miss', async () => {
    const r = await check({ nat: true, interfaces: ['ECR', 'ECR_DOCKER', 'SECRETS_MANAGER'] }, { via: 'endpoints' });
    expect(r.findings.map((f) => f.message)).toEqual([
      // Both subnets share the one NAT gateway: one finding.
      expect.stringMatching(/cannot reach CloudWatch Logs .*its only path is NAT gateway Vpc\/PublicSubnet1\/NATGateway, and this service's AWS traffic must stay on VPC endpoints/),
    ]);
    expect((await check({ nat: true, interfaces: ['ECR', 'ECR_DOCKER', 'SECRETS_MANAGER'] })).status).toBe('pass');
  });

  it('rejects an unknown via', async () => {
    expect((await check({}, { via: 'vpn' })).status).toBe('error');
  });
});
