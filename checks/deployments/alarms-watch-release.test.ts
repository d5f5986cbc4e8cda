import { Duration } from 'aws-cdk-lib';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { alarmsWatchRelease } from './alarms-watch-release';
import { deployStack } from './fixtures';

const messages = (r: { findings: { message: string }[] }) => r.findings.map((f) => f.message);

function errorsAlarm(scope: ReturnType<typeof deployStack>, props: Partial<cw.AlarmProps> = {}) {
  return new cw.Alarm(scope.stack, 'Target5xx', {
    metric: scope.targetGroup.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: Duration.minutes(1) }),
    threshold: 5,
    evaluationPeriods: 1,
    ...props,
  });
}

describe('deployments.alarms-watch-release', () => {
  it('Compliance 1: an alarm on the target group\'s 5xx rolls the release back', async () => {
    const s = deployStack();
    s.service.enableDeploymentAlarms([errorsAlarm(s).alarmName], { behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM });
    expect((await checkStack(alarmsWatchRelease, s.stack)).status).toBe('pass');
  });

  it('Compliance 2: an alarm on the service\'s own metric, named with a fixed string (no cycle)', async () => {
    const s = deployStack();
    new cw.Alarm(s.stack, 'Cpu', { alarmName: 'web-cpu', metric: s.service.metricCpuUtilization(), threshold: 90, evaluationPeriods: 2 });
    s.service.enableDeploymentAlarms(['web-cpu']);
    expect((await checkStack(alarmsWatchRelease, s.stack)).status).toBe('pass');
  });

  it('Compliance 3: a metric math alarm over the target group\'s metrics', async () => {
    const s = deployStack();
    const errors = s.targetGroup.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT);
    const requests = s.targetGroup.metrics.requestCount();
    const alarm = new cw.MathExpression({ expression: '100 * e / MAX([r, 1])', usingMetrics: { e: errors, r: requests } }).createAlarm(s.stack, 'ErrorRate', { threshold: 1, evaluationPeriods: 1 });
    s.service.enableDeploymentAlarms([alarm.alarmName]);
    expect((await checkStack(alarmsWatchRelease, s.stack)).status).toBe('pass');
  });

  it('Noncompliance 1: no deployment alarms', async () => {
    const r = await checkStack(alarmsWatchRelease, deployStack().stack);
    expect(r.status).toBe('fail');
    expect(messages(r)).toEqual([expect.stringMatching(/^service Service\/Service has no deployment alarms/)]);
    expect(r.findings[0].constructPath).toBe('Test/Service/Service');
  });

  it('Noncompliance 2: FAIL_ON_ALARM stops the deployment but keeps the bad revision', async () => {
    const s = deployStack();
    s.service.enableDeploymentAlarms([errorsAlarm(s).alarmName], { behavior: ecs.AlarmBehavior.FAIL_ON_ALARM });
    expect(messages(await checkStack(alarmsWatchRelease, s.stack))).toEqual([expect.stringMatching(/does not roll it back \(FAIL_ON_ALARM\)/)]);
  });

  it('Noncompliance 3: a name that is no alarm of the stack', async () => {
    const s = deployStack();
    s.service.enableDeploymentAlarms(['someone-elses-alarm']);
    expect(messages(await checkStack(alarmsWatchRelease, s.stack))).toEqual([expect.stringMatching(/names the deployment alarm "someone-elses-alarm", which is not an alarm of this stack/)]);
  });

  it('Noncompliance 4: an alarm on another service says nothing about this release', async () => {
    const s = deployStack();
    const other = new ecs.FargateService(s.stack, 'Worker', { cluster: s.cluster, taskDefinition: s.task, serviceName: 'worker', minHealthyPercent: 100 });
    new cw.Alarm(s.stack, 'WorkerCpu', { alarmName: 'worker-cpu', metric: other.metricCpuUtilization(), threshold: 90, evaluationPeriods: 2 });
    s.service.enableDeploymentAlarms(['worker-cpu']);
    other.enableDeploymentAlarms(['worker-cpu']);
    const r = await checkStack(alarmsWatchRelease, s.stack);
    expect(messages(r)).toEqual([expect.stringMatching(/^alarm WorkerCpu is a deployment alarm of service Service\/Service but watches none of its metrics/)]);
    expect(r.findings[0].constructPath).toBe('Test/WorkerCpu/Resource');
  });

  it('Noncompliance 5: the alarm named by reference while it watches the service: a cycle', async () => {
    const s = deployStack();
    const cpu = new cw.Alarm(s.stack, 'Cpu', { metric: s.service.metricCpuUtilization(), threshold: 90, evaluationPeriods: 2 });
    s.service.enableDeploymentAlarms([cpu.alarmName]);
    expect(messages(await checkStack(alarmsWatchRelease, s.stack))).toEqual([expect.stringMatching(/named by reference while its metric references service Service\/Service: .*CloudFormation refuses the cycle/)]);
  });

  it('skips when no service is deployed by ECS itself', async () => {
    const { stack } = deployStack({ deploymentController: ecs.DeploymentControllerType.CODE_DEPLOY });
    expect((await checkStack(alarmsWatchRelease, stack)).status).toBe('skip');
  });
});
