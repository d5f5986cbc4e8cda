import { describe, expect, it } from 'vitest';
import { faultStack } from '../../../checks/faults/fixtures';
import { offlineContext } from '../../testing/offline-context';
import { actionIds, findExperiment, readExperiments } from './read';

describe('readExperiments', () => {
  it('reads a template into the FIS API shape, resolved, with the raw references beside it', () => {
    const { model } = offlineContext(faultStack({ experiment: 'az-outage' }).stack);
    const [e] = readExperiments(model);
    expect(e.name).toBe('experiment Chaos/Template');
    expect(e.template.targets.Subnets).toEqual({
      resourceType: 'aws:ec2:subnet',
      resourceTags: { 'ecs-lab:lab': 'operations/resilience' },
      filters: [{ path: 'AvailabilityZone', values: ['us-east-1a'] }],
      selectionMode: 'ALL',
      resourceArns: undefined,
      parameters: undefined,
    });
    expect(e.template.actions.DisruptZone).toMatchObject({ actionId: 'aws:network:disrupt-connectivity', parameters: { duration: 'PT5M', scope: 'all' }, targets: { Subnets: 'Subnets' } });
    expect(e.template.stopConditions).toEqual([{ source: 'aws:cloudwatch:alarm', value: expect.stringMatching(/^arn:aws:cloudwatch:us-east-1:123456789012:alarm:/) }]);
    expect(e.template.logConfiguration?.cloudWatchLogsConfiguration?.logGroupArn).toMatch(/^arn:aws:logs:/);
    expect(model.targetOf(e.raw.roleArn)).toMatch(/^ChaosRole/);
    expect(model.resource(model.targetOf(e.raw.stopConditionValues[0])!)?.type).toBe('AWS::CloudWatch::Alarm');
    expect(actionIds(e)).toEqual(['aws:network:disrupt-connectivity', 'aws:ecs:stop-task']);
  });

  it('finds an experiment by construct id, and says what the stack has when it is not there', () => {
    const { model } = offlineContext(faultStack({ experiment: 'stop-tasks' }).stack);
    expect(findExperiment(model, 'Chaos')).toHaveProperty('logicalId');
    expect(findExperiment(model, 'Gone')).toEqual({ error: 'the stack has no FIS experiment "Gone" (it has Chaos/Template)' });
  });

  it('reads nothing from a stack without experiments', () => {
    expect(readExperiments(offlineContext(faultStack().stack).model)).toEqual([]);
  });
});
