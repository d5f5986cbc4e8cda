// lab check --target aws, end to end but for synthesis and the network: the offline checks of a
// real lab on the lab's kind of stack, their live sides against mocked AWS responses, and the
// report every reporter renders — valid against the published schema, saying who judged what.
import { CloudFormationClient, DescribeStackDriftDetectionStatusCommand, DescribeStackResourceDriftsCommand, DetectStackDriftCommand } from '@aws-sdk/client-cloudformation';
import { DescribeSecurityGroupRulesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeServicesCommand, DescribeTasksCommand, ECSClient, ListTasksCommand } from '@aws-sdk/client-ecs';
import { DescribeTargetHealthCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterEach, describe, expect, it } from 'vitest';
import { webStack } from '../../../checks/network/fixtures';
import { findLab } from '../../catalogue/catalogue';
import { runChecks } from '../../checking/run-checks';
import { buildReport } from '../../grading/check-workspace';
import { LabReportSchema } from '../../report/schema';
import { mockSdk } from '../sdk-mock';
import { tempWorkspace } from '../testing/fixtures';
import { serviceOf, task, taskArn } from './ecs-fixtures';
import { judgeLive, LIVE_PREFIX } from './run-live';
import { ACCOUNT, deployedStack, idOf, liveContext } from './test-context';

const mocks = [CloudFormationClient, EC2Client, ECSClient, ElasticLoadBalancingV2Client].map((c) => mockSdk(c));
const [cfn, ec2, ecs, elb] = mocks;
afterEach(() => mocks.forEach((m) => m.reset()));

const lab = findLab('infrastructure/security-groups')!;
const ctx = liveContext(webStack(), {});
const taskSg = ctx.resources.get(idOf(ctx, 'TaskSg', 'AWS::EC2::SecurityGroup'))!.physicalId;
const albSg = ctx.resources.get(idOf(ctx, 'AlbSg', 'AWS::EC2::SecurityGroup'))!.physicalId;

function accountAfterDrift() {
  ecs.on(DescribeServicesCommand).resolves({ services: [serviceOf(ctx, { desiredCount: 1, runningCount: 1 })] });
  ecs.on(ListTasksCommand).resolves({ taskArns: [taskArn(1)] });
  ecs.on(DescribeTasksCommand).resolves({ tasks: [task(1, 'eu-west-1a')] });
  elb.on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [{ Target: { Id: '10.0.2.10', Port: 8080 }, TargetHealth: { State: 'healthy' } }] });
  ec2.on(DescribeSecurityGroupRulesCommand).resolves({
    SecurityGroupRules: [
      { SecurityGroupRuleId: 'sgr-1', GroupId: taskSg, IsEgress: false, IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, ReferencedGroupInfo: { GroupId: albSg, UserId: ACCOUNT } },
      { SecurityGroupRuleId: 'sgr-2', GroupId: taskSg, IsEgress: false, IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, CidrIpv4: '0.0.0.0/0' },
    ],
  });
  cfn.on(DetectStackDriftCommand).resolves({ StackDriftDetectionId: 'd' });
  cfn.on(DescribeStackDriftDetectionStatusCommand).resolves({ StackDriftDetectionId: 'd', DetectionStatus: 'DETECTION_COMPLETE', StackDriftStatus: 'DRIFTED' });
  cfn.on(DescribeStackResourceDriftsCommand).resolves({
    StackResourceDrifts: [
      {
        LogicalResourceId: idOf(ctx, 'Service', 'AWS::ECS::Service'),
        ResourceType: 'AWS::ECS::Service',
        StackResourceDriftStatus: 'MODIFIED',
        PropertyDifferences: [{ PropertyPath: '/DesiredCount', ExpectedValue: '2', ActualValue: '1', DifferenceType: 'NOT_EQUAL' }],
        StackId: 's',
        Timestamp: new Date(),
      },
    ],
  });
}

describe('the aws target report', () => {
  it('after a drift break: offline passes, live fails, the report says so and validates', async () => {
    accountAfterDrift();
    const offline = await runChecks(lab.checks, { template: ctx.template, model: ctx.model });
    const checks = await judgeLive(lab.checks, offline, { clients: ctx.clients, stack: deployedStack(ctx.template), model: ctx.model, template: ctx.template, sleep: async () => {} });
    const report = buildReport({ ...tempWorkspace(), lab }, checks, undefined, [], 10, 'aws');
    expect(LabReportSchema.parse(JSON.parse(JSON.stringify(report)))).toBeTruthy();
    expect(report.target).toBe('aws');
    const by = Object.fromEntries(report.checks.map((c) => [c.id, [c.status, c.judgedBy, c.live?.status]]));
    expect(by['network.task-ingress-from-alb-only']).toEqual(['fail', 'both', 'fail']);
    expect(by['network.multi-az']).toEqual(['fail', 'both', 'fail']);
    expect(by['network.alb-reaches-tasks']).toEqual(['pass', 'both', 'pass']);
    // One task of one wanted is a steady service: the guard check still passes.
    expect(by['ecs.service-behind-listener']).toEqual(['pass', 'both', 'pass']);
    expect(by['app.no-drift']).toEqual(['fail', 'live', 'fail']);
    expect(by['network.tasks-in-private-subnets']).toEqual(['pass', 'offline', undefined]);
    const ingress = report.checks.find((c) => c.id === 'network.task-ingress-from-alb-only')!;
    expect(ingress.findings.every((f) => f.message.startsWith(LIVE_PREFIX))).toBe(true);
    // app.no-drift is judged but earns no points: the lab's maximum is unchanged.
    expect(report.score.maxPoints).toBe(lab.checks.reduce((s, r) => s + (r.points ?? 1), 0));
    expect(report.passed).toBe(false);
  });
});
