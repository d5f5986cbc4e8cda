// The lab's two judges of a deployment agree: the configuration check (deployments.capacity-during-deploy)
// and the replay of a bad release (resilience.safe-deployments), with the lab's own parameters, on the
// settings the brief's table discusses. The solution's stack is built in-process and its deployment
// settings overridden, so each case changes one thing.
import { App } from 'aws-cdk-lib';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import { describe, expect, it } from 'vitest';
import { checkById } from '../../../engine/checking/registry';
import { checkStack } from '../../../engine/testing/offline-context';
import lab from './lab';
import { ServiceUpdatesStack } from './solution/stack';

function paramsOf(id: string): Record<string, unknown> {
  return lab.checks.find((c) => c.id === id)?.params ?? {};
}

function solutionWith(min: number, max: number, desired = 2) {
  const stack = new ServiceUpdatesStack(new App(), 'ServiceUpdatesLab');
  const service = stack.node.findChild('Service').node.defaultChild as ecs.CfnService;
  service.addPropertyOverride('DeploymentConfiguration.MinimumHealthyPercent', min);
  service.addPropertyOverride('DeploymentConfiguration.MaximumPercent', max);
  service.addPropertyOverride('DesiredCount', desired);
  return stack;
}

async function verdicts(min: number, max: number, desired?: number) {
  const stack = solutionWith(min, max, desired);
  const capacity = await checkStack(checkById('deployments.capacity-during-deploy')!, stack, paramsOf('deployments.capacity-during-deploy'));
  const replay = await checkStack(checkById('resilience.safe-deployments')!, stack, paramsOf('resilience.safe-deployments'));
  return { capacity: capacity.status, replay: replay.status, availability: replay.replay?.availability };
}

describe('service-updates: configuration check and replay agree', () => {
  it('100/200 with two tasks: both pass, nothing lost', async () => {
    expect(await verdicts(100, 200)).toEqual({ capacity: 'pass', replay: 'pass', availability: 1 });
  });

  it('50/100 with two tasks: both fail, the rollout serves on one task', async () => {
    const v = await verdicts(50, 100);
    expect([v.capacity, v.replay]).toEqual(['fail', 'fail']);
    expect(v.availability).toBeLessThan(0.999);
  });

  it('50/100 with four tasks: both pass, two tasks carry the load', async () => {
    expect(await verdicts(50, 100, 4)).toMatchObject({ capacity: 'pass', replay: 'pass' });
  });

  it('0/100 with two tasks: both fail', async () => {
    const v = await verdicts(0, 100);
    expect([v.capacity, v.replay]).toEqual(['fail', 'fail']);
    expect(v.availability).toBeLessThan(0.9);
  });
}, 120_000);
