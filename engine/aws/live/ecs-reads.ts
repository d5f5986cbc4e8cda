// Reads of the deployed ECS services and their tasks that several live checks share.
import { DescribeServicesCommand, DescribeTasksCommand, paginateListTasks, type Service, type Task } from '@aws-sdk/client-ecs';
import type { LiveCheckContext, LiveResource } from '../../types';

/** What these reads need: the clients and the deployed resources (a live check's context, or a live break's). */
export type EcsReadContext = Pick<LiveCheckContext<unknown>, 'clients' | 'resources'>;
import { clusterOfServiceArn } from './stack';

/** DescribeServices and DescribeTasks take at most 10 and 100 names per call (ECS API reference). */
const SERVICES_PER_CALL = 10;
const TASKS_PER_CALL = 100;

export interface LiveService {
  /** Logical id in the template (and the offline model). */
  logicalId: string;
  arn: string;
  cluster: string;
  /** What ECS says about it; absent when ECS no longer knows it. */
  service?: Service;
}

/** The stack's ECS services (or `only` those logical ids), as deployed, with ECS's description of each. */
export async function liveServices(ctx: EcsReadContext, only?: Set<string>): Promise<LiveService[]> {
  const deployed = [...ctx.resources.values()].filter((r) => r.type === 'AWS::ECS::Service' && (!only || only.has(r.logicalId)));
  const byCluster = new Map<string, LiveResource[]>();
  for (const r of deployed) {
    const cluster = clusterOfServiceArn(r.physicalId) ?? 'default';
    byCluster.set(cluster, [...(byCluster.get(cluster) ?? []), r]);
  }
  const out: LiveService[] = [];
  for (const [cluster, rs] of byCluster) {
    for (let i = 0; i < rs.length; i += SERVICES_PER_CALL) {
      const chunk = rs.slice(i, i + SERVICES_PER_CALL);
      const res = await ctx.clients.ecs.send(new DescribeServicesCommand({ cluster, services: chunk.map((r) => r.physicalId) }));
      for (const r of chunk) {
        const service = res.services?.find((s) => s.serviceArn === r.physicalId);
        out.push({ logicalId: r.logicalId, arn: r.physicalId, cluster, service });
      }
    }
  }
  return out;
}

/** The service's RUNNING tasks, every page of ListTasks, described in calls of 100. */
export async function runningTasks(ctx: EcsReadContext, svc: LiveService): Promise<Task[]> {
  const arns: string[] = [];
  const pages = paginateListTasks({ client: ctx.clients.ecs }, { cluster: svc.cluster, serviceName: svc.arn, desiredStatus: 'RUNNING' });
  for await (const page of pages) arns.push(...(page.taskArns ?? []));
  const tasks: Task[] = [];
  for (let i = 0; i < arns.length; i += TASKS_PER_CALL) {
    const res = await ctx.clients.ecs.send(new DescribeTasksCommand({ cluster: svc.cluster, tasks: arns.slice(i, i + TASKS_PER_CALL) }));
    tasks.push(...(res.tasks ?? []));
  }
  return tasks.filter((t) => t.lastStatus === 'RUNNING');
}

/** Running tasks per Availability Zone. */
export function tasksPerAz(tasks: Task[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of tasks) {
    const az = t.availabilityZone ?? 'unknown';
    out[az] = (out[az] ?? 0) + 1;
  }
  return out;
}

/** A service's name for messages: its construct path if the model knows it, else its ECS name. */
export function serviceLabel(ctx: LiveCheckContext<unknown>, svc: LiveService): string {
  const described = ctx.model.describe(svc.logicalId);
  return described !== svc.logicalId ? described : (svc.service?.serviceName ?? svc.arn.split('/').pop() ?? svc.logicalId);
}
