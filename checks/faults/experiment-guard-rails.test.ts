import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { experimentGuardRails } from './experiment-guard-rails';
import { faultStack, type ExperimentKind } from './fixtures';

const messages = async (opts: Parameters<typeof faultStack>[0]) => {
  const r = await checkStack(experimentGuardRails, faultStack(opts).stack);
  expect(r.status).toBe('fail');
  return r.findings.map((f) => f.message);
};

describe('faults.experiment-guard-rails', () => {
  it.each<ExperimentKind>(['stop-tasks', 'az-outage', 'cpu-stress', 'network-latency'])('Compliance: the %s experiment of ./faults', async (experiment) => {
    const r = await checkStack(experimentGuardRails, faultStack({ experiment }).stack);
    expect(r.findings).toEqual([]);
    expect(r.status).toBe('pass');
  });

  it('Compliance: subnets selected by ARNs of the stack\'s own subnets instead of the tag', async () => {
    const { stack } = faultStack({
      experiment: 'az-outage',
      mutate: (e, stack) => {
        const subnet = (stack.node.findChild('Vpc') as ec2.Vpc).privateSubnets[0];
        e.template.addPropertyDeletionOverride('Targets.Subnets.ResourceTags');
        e.template.addPropertyDeletionOverride('Targets.Subnets.Filters');
        e.template.addPropertyOverride('Targets.Subnets.ResourceArns', [Stack.of(stack).formatArn({ service: 'ec2', resource: 'subnet', resourceName: subnet.subnetId })]);
      },
    });
    const r = await checkStack(experimentGuardRails, stack);
    expect(r.findings).toEqual([]);
    expect(r.status).toBe('pass');
  });

  it('skips a stack without experiments', async () => {
    const r = await checkStack(experimentGuardRails, faultStack().stack);
    expect(r.status).toBe('skip');
  });

  it('Noncompliance 1: a target selected without the lab tag can hit any task in the account', async () => {
    const m = await messages({ experiment: 'stop-tasks', mutate: (e) => e.template.addPropertyDeletionOverride('Targets.Tasks.ResourceTags') });
    expect(m).toEqual([
      'experiment Chaos/Template: target "Tasks" (aws:ecs:task) is selected by no tag and no ARN, so it can hit any matching resource in the account, not only this lab\'s',
    ]);
  });

  it('Noncompliance 2: another tag is not the lab tag', async () => {
    const m = await messages({ experiment: 'az-outage', mutate: (e) => {
        e.template.addPropertyDeletionOverride('Targets.Subnets.ResourceTags.ecs-lab:lab');
        e.template.addPropertyOverride('Targets.Subnets.ResourceTags.team', 'web');
      },
    });
    expect(m).toEqual([expect.stringContaining('target "Subnets" (aws:ec2:subnet) is selected by tags team but not ecs-lab:lab')]);
  });

  it('Noncompliance 3: a target ARN outside the stack', async () => {
    const m = await messages({
      experiment: 'stop-tasks',
      mutate: (e) => e.template.addPropertyOverride('Targets.Tasks.ResourceArns', ['arn:aws:ecs:us-east-1:123456789012:task/prod/abc']),
    });
    expect(m).toEqual([expect.stringContaining('names arn:aws:ecs:us-east-1:123456789012:task/prod/abc, which is not a resource of this stack')]);
  });

  it('Noncompliance 4: no stop condition', async () => {
    const m = await messages({ experiment: 'cpu-stress', mutate: (e) => e.template.addPropertyOverride('StopConditions', [{ Source: 'none' }]) });
    expect(m).toEqual(['experiment Chaos/Template has no stop condition on a CloudWatch alarm (only none): nothing stops it when the service goes down']);
  });

  it('Noncompliance 5: a stop condition on something that is not an alarm of the stack', async () => {
    const m = await messages({
      experiment: 'stop-tasks',
      mutate: (e) => e.template.addPropertyOverride('StopConditions', [{ Source: 'aws:cloudwatch:alarm', Value: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:elsewhere' }]),
    });
    expect(m).toEqual([expect.stringContaining('its stop condition points at arn:aws:cloudwatch:us-east-1:123456789012:alarm:elsewhere, which is not a CloudWatch alarm of this stack')]);
  });

  it('Noncompliance 6: PT15M is past the 10-minute cap', async () => {
    const m = await messages({ experiment: 'az-outage', mutate: (e) => e.template.addPropertyOverride('Actions.DisruptZone.Parameters.duration', 'PT15M') });
    expect(m).toEqual(['experiment Chaos/Template runs for 15 min (DisruptZone PT15M), longer than the 10 min cap']);
  });

  it('Noncompliance 7: actions in sequence add up past the cap', async () => {
    const m = await messages({
      experiment: 'cpu-stress',
      mutate: (e) => {
        e.template.addPropertyOverride('Actions.Again', { ActionId: 'aws:ecs:task-cpu-stress', Parameters: { duration: 'PT6M' }, Targets: { Tasks: 'Tasks' }, StartAfter: ['CpuStress'] });
      },
    });
    expect(m).toEqual(['experiment Chaos/Template runs for 11 min (CpuStress PT5M, Again PT6M), longer than the 10 min cap']);
  });

  it('Noncompliance 8: a role with ecs:* on * can delete the service', async () => {
    const m = await messages({ experiment: 'stop-tasks', mutate: (e) => e.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ecs:*'], resources: ['*'] })) });
    expect(m).toHaveLength(1);
    expect(m[0]).toMatch(/^experiment Chaos\/Template: its role Chaos\/Role can ecs:\w+, .* on ECS resources, which no experiment needs: allowed by statement #\d+ of policy Chaos\/Role\/DefaultPolicy$/);
    expect(m[0]).toContain('ecs:DeleteService');
  });

  it('Noncompliance 9: a role with iam:PassRole and s3:* on *', async () => {
    const m = await messages({
      experiment: 'stop-tasks',
      mutate: (e) => e.role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'Oops', actions: ['iam:PassRole', 's3:*'], resources: ['*'] })),
    });
    expect(m).toEqual([
      expect.stringMatching(/can iam:PassRole on IAM resources, which no experiment needs: allowed by statement #\d+ \(Sid Oops\)/),
      expect.stringMatching(/can s3:.* on S3 buckets and objects, which no experiment needs: allowed by statement #\d+ \(Sid Oops\)/),
    ]);
  });

  it('Noncompliance 10: a role another principal can assume', async () => {
    const m = await messages({
      experiment: 'stop-tasks',
      mutate: (e) => e.role.assumeRolePolicy!.addStatements(new iam.PolicyStatement({ actions: ['sts:AssumeRole'], principals: [new iam.ServicePrincipal('ec2.amazonaws.com')] })),
    });
    expect(m).toEqual(['experiment Chaos/Template: its role Chaos/Role can also be assumed by ec2.amazonaws.com, not only by fis.amazonaws.com']);
  });

  it('Noncompliance 11: a role without what the action needs', async () => {
    const m = await messages({
      experiment: 'stop-tasks',
      mutate: (e, stack) => {
        const bare = new iam.Role(stack, 'Bare', { assumedBy: new iam.ServicePrincipal('fis.amazonaws.com') });
        e.template.addPropertyOverride('RoleArn', bare.roleArn);
      },
    });
    expect(m).toContain('experiment Chaos/Template: its role Bare cannot ecs:StopTask on tasks of cluster ClusterEB0386A7, which aws:ecs:stop-task needs: no statement allows it');
    expect(m).toContain('experiment Chaos/Template: its role Bare cannot tag:GetResources on tagged resources, which the experiment needs: no statement allows it');
  });
});
