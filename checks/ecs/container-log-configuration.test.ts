import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { containerLogConfiguration } from './container-log-configuration';

const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/node:24-slim');

function taskStack(...containers: [string, (stack: Stack) => Partial<ecs.ContainerDefinitionOptions>][]) {
  const stack = new Stack(new App(), 'Test');
  const task = new ecs.FargateTaskDefinition(stack, 'Task');
  for (const [name, opts] of containers) task.addContainer(name, { image, ...opts(stack) });
  return stack;
}
const awsLogs = (stack: Stack) => ({
  logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'app', logGroup: new logs.LogGroup(stack, 'Logs', { retention: logs.RetentionDays.ONE_MONTH }) }),
});

const splunk = (stack: Stack) => ({
  logging: ecs.LogDrivers.splunk({ url: 'https://splunk.example.com:8088', secretToken: ecs.Secret.fromSecretsManager(new secretsmanager.Secret(stack, 'HecToken')) }),
});

describe('ecs.container-log-configuration', () => {
  it('Compliance 1: awslogs to a log group', async () => {
    expect((await checkStack(containerLogConfiguration, taskStack(['app', awsLogs]))).status).toBe('pass');
  });

  it('Compliance 2: FireLens, with the log router CDK adds (which itself logs to awslogs)', async () => {
    const stack = taskStack(['app', () => ({ logging: ecs.LogDrivers.firelens({ options: { Name: 'cloudwatch_logs', region: 'us-east-1' } }) })]);
    expect((await checkStack(containerLogConfiguration, stack)).status).toBe('pass');
  });

  it('Compliance 3: a lab may accept another driver through params', async () => {
    const r = await checkStack(containerLogConfiguration, taskStack(['app', splunk]), { drivers: ['splunk'] });
    expect(r.status).toBe('pass');
  });

  it('Noncompliance 1: no log configuration', async () => {
    const r = await checkStack(containerLogConfiguration, taskStack(['app', () => ({})]));
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual(['container app of Task: has no log configuration, so its output is lost when the task stops']);
    expect(r.findings[0].constructPath).toBe('Test/Task/Resource');
  });

  it('Noncompliance 2: a sidecar without logging beside an app with logging', async () => {
    const r = await checkStack(containerLogConfiguration, taskStack(['app', awsLogs], ['sidecar', () => ({ essential: false })]));
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/^container sidecar of Task: has no log configuration/)]);
  });

  it('Noncompliance 3: a driver the lab did not ask for', async () => {
    const r = await checkStack(containerLogConfiguration, taskStack(['app', splunk]));
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/logs with the splunk driver; this lab expects awslogs or awsfirelens/)]);
  });

  it('Noncompliance 4: awsfirelens without a log router, written as a raw override', async () => {
    const stack = taskStack(['app', () => ({})]);
    const cfn = (stack.node.findChild('Task') as ecs.FargateTaskDefinition).node.defaultChild as ecs.CfnTaskDefinition;
    cfn.addPropertyOverride('ContainerDefinitions.0.LogConfiguration', { LogDriver: 'awsfirelens', Options: { Name: 'cloudwatch' } });
    const r = await checkStack(containerLogConfiguration, stack);
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/uses awsfirelens but the task has no FireLens log router/)]);
  });

  it('Noncompliance 5: the task definition is gone', async () => {
    const stack = new Stack(new App(), 'Test');
    new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
    expect((await checkStack(containerLogConfiguration, stack)).status).toBe('fail');
  });

  it('rejects bad params', async () => {
    const r = await checkStack(containerLogConfiguration, taskStack(['app', awsLogs]), { drivers: [] });
    expect(r.status).toBe('error');
  });
});
