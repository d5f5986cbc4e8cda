// Every construct of stacks/faults, synthesized in a test app beside the labs' web service, passes
// both fault checks; and the constructs refuse what the guard rails forbid when they are created.
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import {
  AzOutageExperiment,
  CpuStressExperiment,
  NetworkLatencyExperiment,
  StopTasksExperiment,
  checkDuration,
  selectionMode,
} from '../../stacks/faults';
import * as library from '../../stacks/faults';
import { experimentGuardRails } from './experiment-guard-rails';
import { experimentPrerequisites } from './experiment-prerequisites';
import { faultStack, LAB_ID, type ExperimentKind } from './fixtures';

const KINDS: ExperimentKind[] = ['stop-tasks', 'az-outage', 'cpu-stress', 'network-latency'];

describe('stacks/faults', () => {
  it('exports every experiment and the readiness helpers from index.ts', () => {
    for (const name of ['StopTasksExperiment', 'AzOutageExperiment', 'CpuStressExperiment', 'NetworkLatencyExperiment', 'prepareTaskForFaults', 'faultReadyTaskProps']) {
      expect(library).toHaveProperty(name);
    }
  });

  it.each(KINDS)('%s: passes the guard rails, and the prerequisites check passes or has nothing to judge', async (experiment) => {
    const { stack } = faultStack({ experiment });
    const rails = await checkStack(experimentGuardRails, stack);
    expect(rails.findings).toEqual([]);
    expect(rails.status).toBe('pass');
    const prereq = await checkStack(experimentPrerequisites, stack);
    expect(prereq.status).toBe(experiment === 'cpu-stress' || experiment === 'network-latency' ? 'pass' : 'skip');
  });

  it('emits one AWS::FIS::ExperimentTemplate with an alarm stop condition, the lab tag and a log group', () => {
    const t = Template.fromStack(faultStack({ experiment: 'az-outage' }).stack);
    t.resourceCountIs('AWS::FIS::ExperimentTemplate', 1);
    const [template] = Object.values(t.findResources('AWS::FIS::ExperimentTemplate')) as any[];
    expect(template.Properties.StopConditions[0].Source).toBe('aws:cloudwatch:alarm');
    expect(template.Properties.Tags['ecs-lab:lab']).toBe(LAB_ID);
    expect(template.Properties.LogConfiguration.CloudWatchLogsConfiguration.LogGroupArn).toBeDefined();
    expect(template.Properties.Targets.Subnets.Filters).toEqual([{ Path: 'AvailabilityZone', Values: [expect.anything()] }]);
  });

  it('tags the service and propagates its tags to the tasks, so the lab tag reaches them', () => {
    const t = Template.fromStack(faultStack({ experiment: 'stop-tasks' }).stack);
    const [service] = Object.values(t.findResources('AWS::ECS::Service')) as any[];
    expect(service.Properties.PropagateTags).toBe('SERVICE');
    expect(service.Properties.Tags).toContainEqual({ Key: 'ecs-lab:lab', Value: LAB_ID });
  });

  it('prepareTaskForFaults adds a non-essential SSM agent sidecar with the managed instance role name', () => {
    const t = Template.fromStack(faultStack({ experiment: 'cpu-stress' }).stack);
    const [td] = Object.values(t.findResources('AWS::ECS::TaskDefinition')) as any[];
    const sidecar = td.Properties.ContainerDefinitions.find((c: any) => c.Name === 'amazon-ssm-agent');
    expect(sidecar.Essential).toBe(false);
    expect(sidecar.Environment.map((e: any) => e.Name)).toEqual(['MANAGED_INSTANCE_ROLE_NAME']);
    expect(td.Properties.EnableFaultInjection).toBe(true);
    expect(td.Properties.PidMode).toBe('task');
  });

  it('without a target group, the default stop alarm watches the running task count', () => {
    const { stack, service } = faultStack();
    new StopTasksExperiment(stack, 'NoTg', { labId: LAB_ID, service, minHealthy: 2 });
    const alarms = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm')) as any[];
    expect(alarms.map((a) => [a.Properties.Namespace, a.Properties.MetricName, a.Properties.Threshold, a.Properties.ComparisonOperator])).toEqual([
      ['ECS/ContainerInsights', 'RunningTaskCount', 2, 'LessThanThreshold'],
    ]);
  });

  describe('refuses at construct time', () => {
    const parts = () => {
      const { stack, service } = faultStack();
      return { stack, base: { labId: LAB_ID, service } };
    };

    it('a duration past 10 minutes', () => {
      const { stack, base } = parts();
      expect(() => new CpuStressExperiment(stack, 'Long', { ...base, duration: Duration.minutes(15) })).toThrow(
        'Long: the duration 15 minutes is longer than the 10 minutes cap every lab experiment has; shorten it',
      );
      expect(() => new NetworkLatencyExperiment(stack, 'Zero', { ...base, duration: Duration.seconds(0) })).toThrow('Zero: the duration must be longer than 0 seconds');
    });

    it('a lab id that is not one', () => {
      const { stack, base } = parts();
      expect(() => new StopTasksExperiment(stack, 'NoLab', { ...base, labId: '' })).toThrow(/labId must be the lab's id such as "operations\/resilience"/);
    });

    it('a selection outside 1–100 percent or a count below 1', () => {
      expect(() => selectionMode('X', { percent: 0 })).toThrow('X: percent must be a whole number from 1 to 100; got 0');
      expect(() => selectionMode('X', { count: 1.5 })).toThrow('X: count must be a whole number from 1 to 1000; got 1.5');
      expect(selectionMode('X', { percent: 50 })).toBe('PERCENT(50)');
      expect(selectionMode('X', 'all')).toBe('ALL');
    });

    it('a stop alarm threshold below one', () => {
      const { stack, base } = parts();
      expect(() => new StopTasksExperiment(stack, 'Min', { ...base, minHealthy: 0 })).toThrow('minHealthy must be a whole number from 1 to 100; got 0');
    });

    it('an AZ outage in a VPC without zones', () => {
      const stack = new Stack(new App(), 'Empty');
      const fake = { availabilityZones: [] } as unknown as import('aws-cdk-lib/aws-ec2').IVpc;
      expect(() => new AzOutageExperiment(stack, 'Az', { labId: LAB_ID, service: undefined as never, vpc: fake, duration: Duration.minutes(1) })).toThrow(
        'Az: the VPC has no Availability Zone to take out',
      );
    });
  });

  it('checkDuration writes ISO-8601', () => {
    expect(checkDuration('X', Duration.seconds(90))).toBe('PT1M30S');
    expect(checkDuration('X', Duration.minutes(10))).toBe('PT10M');
  });
});
