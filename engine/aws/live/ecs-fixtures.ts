// Tests only: realistic ECS responses for the web stack of checks/network/fixtures, deployed.
import type { Service, Task } from '@aws-sdk/client-ecs';
import type { LiveCheckContext } from '../../types';
import { ACCOUNT, CLUSTER, idOf, REGION } from './test-context';

export function serviceOf(ctx: LiveCheckContext<unknown>, over: Partial<Service> = {}): Service {
  const arn = ctx.resources.get(idOf(ctx, 'Service', 'AWS::ECS::Service'))!.physicalId;
  const tg = ctx.resources.get(idOf(ctx, 'AppGroup', 'AWS::ElasticLoadBalancingV2::TargetGroup'))!.physicalId;
  return {
    serviceArn: arn,
    serviceName: 'LiveLab-Service',
    clusterArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/${CLUSTER}`,
    status: 'ACTIVE',
    desiredCount: 2,
    runningCount: 2,
    launchType: 'FARGATE',
    enableExecuteCommand: true,
    loadBalancers: [{ targetGroupArn: tg, containerName: 'app', containerPort: 8080 }],
    deployments: [{ id: 'ecs-svc/1', status: 'PRIMARY', desiredCount: 2, runningCount: 2, rolloutState: 'COMPLETED' }],
    ...over,
  };
}

export const taskArn = (n: number) => `arn:aws:ecs:${REGION}:${ACCOUNT}:task/${CLUSTER}/${String(n).padStart(32, 'a')}`;

/** A RUNNING Fargate task in one zone, its app container with the exec agent in `agent` state (null: no agent). */
export function task(n: number, az: string, agent: string | null = 'RUNNING', over: Partial<Task> = {}): Task {
  return {
    taskArn: taskArn(n),
    clusterArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/${CLUSTER}`,
    availabilityZone: az,
    lastStatus: 'RUNNING',
    desiredStatus: 'RUNNING',
    launchType: 'FARGATE',
    enableExecuteCommand: true,
    containers: [
      {
        name: 'app',
        lastStatus: 'RUNNING',
        managedAgents: agent ? [{ name: 'ExecuteCommandAgent', lastStatus: agent, lastStartedAt: new Date('2026-12-02T08:00:00Z') }] : [],
      },
    ],
    ...over,
  };
}
