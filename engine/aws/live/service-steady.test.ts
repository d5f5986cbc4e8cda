import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import { afterEach, describe, expect, it } from 'vitest';
import { webStack } from '../../../checks/network/fixtures';
import { mockSdk } from '../sdk-mock';
import { serviceSteadyState } from './service-steady';
import { CLUSTER, idOf, liveContext } from './test-context';

const ecs = mockSdk(ECSClient);
afterEach(() => ecs.reset());

// Synthesized once: each test gets its own copy of the deployed resources.
const deployed = liveContext(webStack(), {});

function setup() {
  const ctx = { ...deployed, resources: new Map(deployed.resources) };
  const svcId = idOf(ctx, 'Service', 'AWS::ECS::Service');
  const arn = ctx.resources.get(svcId)!.physicalId;
  const tg = ctx.resources.get(idOf(ctx, 'AppGroup', 'AWS::ElasticLoadBalancingV2::TargetGroup'))!.physicalId;
  // What DescribeServices returns for a healthy two-task Fargate service behind a target group.
  const steady = {
    serviceArn: arn,
    serviceName: 'LiveLab-Service',
    clusterArn: `arn:aws:ecs:eu-west-1:111122223333:cluster/${CLUSTER}`,
    status: 'ACTIVE',
    desiredCount: 2,
    runningCount: 2,
    pendingCount: 0,
    launchType: 'FARGATE',
    loadBalancers: [{ targetGroupArn: tg, containerName: 'app', containerPort: 8080 }],
    deployments: [{ id: 'ecs-svc/1', status: 'PRIMARY', desiredCount: 2, runningCount: 2, rolloutState: 'COMPLETED' }],
  };
  return { ctx, arn, steady };
}

describe('live: ecs.service-behind-listener (service steady state)', () => {
  it('Compliance 1: an ACTIVE service running all its tasks, registered, deployment COMPLETED', async () => {
    const { ctx, steady } = setup();
    ecs.on(DescribeServicesCommand).resolves({ services: [steady], failures: [] });
    expect(await serviceSteadyState(ctx)).toEqual({ status: 'pass' });
    const call = ecs.commandCalls(DescribeServicesCommand)[0].args[0].input;
    expect(call).toEqual({ cluster: CLUSTER, services: [steady.serviceArn] });
  });

  it('Noncompliance 1: desired count set to 0 in the account', async () => {
    const { ctx, steady } = setup();
    ecs.on(DescribeServicesCommand).resolves({ services: [{ ...steady, desiredCount: 0, runningCount: 0 }] });
    const r = await serviceSteadyState(ctx);
    expect(r.status).toBe('fail');
    if (r.status !== 'fail') return;
    expect(r.findings[0].message).toMatch(/desired count of 0 in the account/);
    expect(r.findings[0].constructPath).toMatch(/Service/);
  });

  it('Noncompliance 2: tasks keep failing, and the deployment is still IN_PROGRESS', async () => {
    const { ctx, steady } = setup();
    const deployments = [
      { id: 'ecs-svc/2', status: 'PRIMARY', desiredCount: 2, runningCount: 0, rolloutState: 'IN_PROGRESS', rolloutStateReason: 'ECS deployment ecs-svc/2 in progress.' },
      { id: 'ecs-svc/1', status: 'ACTIVE', desiredCount: 1, runningCount: 1, rolloutState: 'COMPLETED' },
    ];
    ecs.on(DescribeServicesCommand).resolves({ services: [{ ...steady, runningCount: 1, deployments }] });
    const r = await serviceSteadyState(ctx);
    expect(r.status === 'fail' && r.findings.map((f) => f.message)).toEqual([
      expect.stringMatching(/runs 1 of its 2 tasks/),
      expect.stringMatching(/not reached a steady state: its deployment is IN_PROGRESS: ECS deployment ecs-svc\/2 in progress/),
    ]);
  });

  it('Noncompliance 3: the service was deleted (INACTIVE) or ECS does not know it', async () => {
    const { ctx, steady } = setup();
    ecs.on(DescribeServicesCommand).resolves({ services: [{ ...steady, status: 'INACTIVE' }] });
    expect(await serviceSteadyState(ctx)).toMatchObject({ status: 'fail', findings: [{ message: expect.stringMatching(/is INACTIVE in the account/) }] });
    ecs.reset();
    ecs.on(DescribeServicesCommand).resolves({ services: [], failures: [{ arn: steady.serviceArn, reason: 'MISSING' }] });
    expect(await serviceSteadyState(ctx)).toMatchObject({ status: 'fail', findings: [{ message: expect.stringMatching(/unknown to ECS/) }] });
  });

  it('Noncompliance 4: deregistered from its target group in the account', async () => {
    const { ctx, steady } = setup();
    ecs.on(DescribeServicesCommand).resolves({ services: [{ ...steady, loadBalancers: [] }] });
    expect(await serviceSteadyState(ctx)).toMatchObject({ status: 'fail', findings: [{ message: expect.stringMatching(/registered with no load balancer target group/) }] });
  });

  it('fails when the deployed stack has no service at all (the guard)', async () => {
    const { ctx } = setup();
    for (const [id, r] of ctx.resources) if (r.type === 'AWS::ECS::Service') ctx.resources.delete(id);
    const r = await serviceSteadyState(ctx);
    expect(r).toMatchObject({ status: 'fail', findings: [{ message: expect.stringMatching(/has no ECS service/) }] });
    expect(ecs.calls()).toHaveLength(0);
  });
});
