import type { ModelResource, StackModel } from '../../engine/model/model';
import { defineCheck, type Finding } from '../../engine/types';
import { deploymentOf, ecsServices, lowestDesiredCount } from './services';

export interface CapacityParams {
  /** Tasks that must keep serving while a deployment replaces them: what the service's load needs. Default 1. */
  minServing: number;
  /** The lowest minimumHealthyPercent accepted; default 50 (below it a deployment may stop most of the fleet at once). */
  minHealthyPercent: number;
}

// ECS's rounding (AWS::ECS::Service DeploymentConfiguration): the minimum is rounded up, the maximum down.
export const tasksKept = (desired: number, minHealthyPercent: number) => Math.ceil((desired * minHealthyPercent) / 100);
export const tasksAllowed = (desired: number, maxPercent: number) => Math.floor((desired * maxPercent) / 100);

/**
 * A rolling deployment keeps enough tasks serving and can still make progress. ECS keeps at least
 * ceil(desired × minimumHealthyPercent / 100) tasks running and runs at most
 * floor(desired × maximumPercent / 100); desired is the lowest count the service can have when a
 * deployment starts (auto scaling's MinCapacity, if any). Blue/green, linear and canary strategies
 * bring the new revision up next to the old one, so only ROLLING is judged here.
 */
export const capacityDuringDeploy = defineCheck<CapacityParams>({
  id: 'deployments.capacity-during-deploy',
  title: 'A rolling deployment keeps enough tasks serving, and has room to start new ones',
  severity: 'high',
  why:
    'minimumHealthyPercent is how much of the fleet ECS may stop before new tasks are healthy; maximumPercent is how many ' +
    'extra tasks it may start first. 100/200 starts the new tasks before stopping any old one; 50/100 serves on half the ' +
    'fleet during every deployment; 0/100 stops everything first, so each deployment, and above all a bad one, is an outage.',
  refs: {
    wellArchitected: ['REL 8: How do you implement change?'],
    docs: ['https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html'],
  },
  params(raw) {
    const minServing = raw.minServing ?? 1;
    const minHealthyPercent = raw.minHealthyPercent ?? 50;
    if (typeof minServing !== 'number' || !Number.isInteger(minServing) || minServing < 1) {
      throw new Error('deployments.capacity-during-deploy: minServing must be a whole number of tasks, 1 or more');
    }
    if (typeof minHealthyPercent !== 'number' || minHealthyPercent < 0 || minHealthyPercent > 100) {
      throw new Error('deployments.capacity-during-deploy: minHealthyPercent must be a percentage from 0 to 100');
    }
    return { minServing, minHealthyPercent };
  },
  offline({ model, params }) {
    const services = ecsServices(model);
    if (services.length === 0) return { status: 'skip', reason: 'the stack has no ECS service, so no deployment to judge' };
    const rolling = services.filter((s) => {
      const d = deploymentOf(s);
      return d.controller === 'ECS' && d.strategy === 'ROLLING' && !d.daemon;
    });
    if (rolling.length === 0) {
      return { status: 'skip', reason: 'no replica service uses an ECS rolling deployment (blue/green, canary, linear and CodeDeploy keep the old revision serving)' };
    }
    const findings = rolling.flatMap((s) => capacityFindings(model, s, params));
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});

function capacityFindings(model: StackModel, svc: ModelResource, params: CapacityParams): Finding[] {
  const { minHealthyPercent: min, maxPercent: max } = deploymentOf(svc);
  const { count: desired, source } = lowestDesiredCount(model, svc.logicalId);
  const kept = tasksKept(desired, min);
  const allowed = tasksAllowed(desired, max);
  const who = `service ${model.describe(svc.logicalId)}`;
  const setting = `minHealthyPercent ${min} / maxHealthyPercent ${max}`;
  const findings: Finding[] = [];
  const add = (message: string, hint: string) => findings.push(model.finding(svc.logicalId, `${who}: ${message}`, hint));

  // One finding per problem: too few tasks kept says it all; the percentage floor matters when the count hides it.
  if (kept < params.minServing) {
    add(
      `with ${desired} task${desired === 1 ? '' : 's'} (${source}) and ${setting}, a deployment keeps only ${kept} task${kept === 1 ? '' : 's'} serving; the load needs ${params.minServing}`,
      `Raise minHealthyPercent (100 keeps every task) or run more tasks, so that ceil(desired × minHealthyPercent / 100) ≥ ${params.minServing}.`,
    );
  } else if (min < params.minHealthyPercent) {
    add(
      `minHealthyPercent is ${min}, so a deployment may stop ${min === 0 ? 'every old task' : `all but ${min} % of the tasks`} before a new one is healthy`,
      `Keep at least ${params.minHealthyPercent} % of the tasks serving during a deployment (minHealthyPercent; 100 keeps them all).`,
    );
  }
  if (max < 100) {
    add(`maxHealthyPercent is ${max}, below 100: the service could not even run its desired count during a deployment`, 'Set maxHealthyPercent to 100 or more (200 lets ECS start a full new set first).');
  } else if (allowed <= desired && kept >= desired) {
    add(
      `with ${desired} task${desired === 1 ? '' : 's'} and ${setting}, ECS may neither start an extra task (at most ${allowed}) nor stop an old one (at least ${kept} must run), so a deployment cannot make progress`,
      'Give the deployment room: a maxHealthyPercent that allows at least one extra task (200 for a small service), or a lower minHealthyPercent.',
    );
  }
  return findings;
}
