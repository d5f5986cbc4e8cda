import type { Finding } from '../../engine/types';
import { defineCheck } from '../../engine/types';
import { networkOf, zonesOf, type SubnetRef } from '../../engine/model/network';
import type { StackModel } from '../../engine/model/model';
import { verdict } from './verdict';

export interface MultiAzParams {
  /** How many Availability Zones the load balancer and each service must span; default 2. */
  minAzs: number;
}

/**
 * Every load balancer and every ECS service spans at least `minAzs` Availability Zones: their
 * subnets sit in that many zones, and a service runs at least that many tasks (one task lives in
 * one zone, whatever its subnets). Zones come from the subnets' AvailabilityZone, so a VPC with
 * `maxAzs: 1` fails however many subnets it has.
 */
export const multiAz = defineCheck<MultiAzParams>({
  id: 'network.multi-az',
  title: 'The load balancer and the service span at least two Availability Zones',
  severity: 'medium',
  why:
    'An Availability Zone can fail as a whole: power, network or a bad deployment. With subnets and tasks in two ' +
    'or more zones the load balancer stops sending traffic to the failed zone and ECS replaces the lost tasks in ' +
    'the others; with everything in one zone, that zone\'s outage is your outage.',
  refs: {
    securityHub: ['ELB.13'],
    wellArchitected: ['REL 10: Use fault isolation to protect your workload'],
    docs: ['https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-placement-strategies.html'],
  },
  params(raw) {
    const minAzs = raw.minAzs ?? 2;
    if (typeof minAzs !== 'number' || !Number.isInteger(minAzs) || minAzs < 2 || minAzs > 6) {
      throw new Error('network.multi-az: minAzs must be a whole number from 2 to 6');
    }
    return { minAzs };
  },
  offline({ model, params }) {
    const net = networkOf(model);
    const { minAzs } = params;
    if (net.services.length === 0) {
      return { status: 'fail', findings: [{ message: 'the stack has no ECS service, so nothing runs in any Availability Zone', hint: 'Put the Fargate service back.' }] };
    }
    const findings: Finding[] = [];
    const unknowns: string[] = [];
    for (const lb of net.loadBalancers) {
      if (lb.imported) {
        unknowns.push(`load balancer ${model.describe(lb.logicalId)} is not defined in this template, so its zones cannot be told`);
        continue;
      }
      const problem = spreadProblem(model, lb.subnets, minAzs);
      if (problem?.unknown) unknowns.push(`load balancer ${model.describe(lb.logicalId)} ${problem.unknown}`);
      else if (problem) {
        findings.push(model.finding(lb.logicalId, `load balancer ${model.describe(lb.logicalId)} ${problem.text}`, `Place the load balancer in subnets of at least ${minAzs} Availability Zones.`));
      }
    }
    for (const svc of net.services) {
      const name = model.describe(svc.logicalId);
      // Without awsvpc the tasks sit on container instances: their zones are the Auto Scaling
      // group's subnets', when the template says which group that is.
      if (svc.unknown) {
        unknowns.push(`service ${name}: ${svc.unknown}`);
        continue;
      }
      const problem = spreadProblem(model, svc.subnets, minAzs);
      if (problem?.unknown) unknowns.push(`service ${name} ${problem.unknown}`);
      else if (problem) {
        findings.push(model.finding(svc.logicalId, `service ${name} ${problem.text}`, `Give the service subnets in at least ${minAzs} Availability Zones (a VPC with maxAzs of ${minAzs} or more).`));
      }
      const floor = svc.scheduledFloor;
      if (svc.desiredCount >= minAzs && floor && floor.count < minAzs) {
        const tasks = `${floor.count} task${floor.count === 1 ? '' : 's'}`;
        findings.push(model.finding(svc.logicalId, `service ${name} can run ${tasks} when scheduled scaling action ${floor.action} lowers its minimum, so at those times it lives in at most ${floor.count} Availability Zone${floor.count === 1 ? '' : 's'}`, `Keep the scheduled action's minCapacity at ${minAzs} or more.`));
      }
      if (svc.desiredCount < minAzs) {
        const tasks = `${svc.desiredCount} task${svc.desiredCount === 1 ? '' : 's'}`;
        findings.push(model.finding(svc.logicalId, `service ${name} runs ${tasks}, so it lives in at most ${svc.desiredCount} Availability Zone${svc.desiredCount === 1 ? '' : 's'} at a time`, `Run at least ${minAzs} tasks (desiredCount, or an auto scaling minimum); ECS spreads them across zones.`));
      }
    }
    return verdict(findings, unknowns);
  },
  // The aws target: the running tasks per zone, as ECS placed them (loaded on use: no SDK offline).
  live: async (ctx) => (await import('../../engine/aws/live/tasks-per-az')).runningTasksPerAz(ctx),
});

/**
 * Why some subnets do not span enough zones (`text`), or why that cannot be told (`unknown`:
 * subnets defined outside the template may sit in the missing zones), or undefined when they do.
 */
function spreadProblem(model: StackModel, subnets: SubnetRef[], minAzs: number): { text?: string; unknown?: string } | undefined {
  const zones = zonesOf(subnets);
  if (zones.length >= minAzs) return undefined;
  const unknown = subnets.filter((s) => !s.subnet?.availabilityZone).map((s) => s.subnet ? model.describe(s.subnet.logicalId) : s.raw);
  if (unknown.length) return { unknown: `uses subnets whose Availability Zone this template does not say (${unknown.join(', ')}), so spanning ${minAzs} zones cannot be confirmed` };
  return { text: zones.length === 0 ? 'has no subnets' : `spans ${zones.length} Availability Zone${zones.length === 1 ? '' : 's'} (${zones.join(', ')}); it needs ${minAzs}` };
}
