import {
  CloudFormationClient,
  DescribeStackDriftDetectionStatusCommand,
  DescribeStackResourceDriftsCommand,
  DetectStackDriftCommand,
} from '@aws-sdk/client-cloudformation';
import { afterEach, describe, expect, it } from 'vitest';
import { webStack } from '../../../checks/network/fixtures';
import { mockSdk } from '../sdk-mock';
import { DRIFT_MAX_POLLS, DRIFT_POLL_MS, stackDrift } from './stack-drift';
import { idOf, liveContext, STACK, STACK_ARN } from './test-context';

const cfn = mockSdk(CloudFormationClient);
afterEach(() => cfn.reset());

const slept: number[] = [];
const base = liveContext(webStack(), {});
const ctx = { ...base, sleep: async (ms: number) => void slept.push(ms) };
const serviceId = idOf(ctx, 'Service', 'AWS::ECS::Service');
const DETECTION = 'b78ac9b0-dec1-11e7-a451-50d5cd2b8b5a';

const status = (DetectionStatus: string, StackDriftStatus?: string, DetectionStatusReason?: string) => ({
  StackId: STACK_ARN,
  StackDriftDetectionId: DETECTION,
  DetectionStatus,
  ...(StackDriftStatus ? { StackDriftStatus } : {}),
  ...(DetectionStatusReason ? { DetectionStatusReason } : {}),
  Timestamp: new Date('2026-12-02T09:00:00Z'),
});

describe('live: app.no-drift (CloudFormation drift detection)', () => {
  it('Compliance 1: IN_SYNC after two polls', async () => {
    slept.length = 0;
    cfn.on(DetectStackDriftCommand).resolves({ StackDriftDetectionId: DETECTION });
    cfn.on(DescribeStackDriftDetectionStatusCommand).resolvesOnce(status('DETECTION_IN_PROGRESS')).resolvesOnce(status('DETECTION_IN_PROGRESS')).resolves(status('DETECTION_COMPLETE', 'IN_SYNC'));
    expect(await stackDrift(ctx)).toEqual({ status: 'pass' });
    expect(cfn.commandCalls(DetectStackDriftCommand)[0].args[0].input).toEqual({ StackName: STACK });
    expect(slept).toEqual([DRIFT_POLL_MS, DRIFT_POLL_MS]);
    expect(cfn.commandCalls(DescribeStackResourceDriftsCommand)).toHaveLength(0);
  });

  it('Noncompliance 1: a service\'s DesiredCount MODIFIED and a group DELETED, over two pages', async () => {
    cfn.on(DetectStackDriftCommand).resolves({ StackDriftDetectionId: DETECTION });
    cfn.on(DescribeStackDriftDetectionStatusCommand).resolves(status('DETECTION_COMPLETE', 'DRIFTED'));
    cfn
      .on(DescribeStackResourceDriftsCommand)
      .resolvesOnce({
        StackResourceDrifts: [
          {
            StackId: STACK_ARN,
            LogicalResourceId: serviceId,
            PhysicalResourceId: ctx.resources.get(serviceId)!.physicalId,
            ResourceType: 'AWS::ECS::Service',
            StackResourceDriftStatus: 'MODIFIED',
            PropertyDifferences: [{ PropertyPath: '/DesiredCount', ExpectedValue: '2', ActualValue: '1', DifferenceType: 'NOT_EQUAL' }],
            Timestamp: new Date(),
          },
        ],
        NextToken: 'next',
      })
      .resolvesOnce({
        StackResourceDrifts: [{ StackId: STACK_ARN, LogicalResourceId: 'Gone1234', ResourceType: 'AWS::EC2::SecurityGroup', StackResourceDriftStatus: 'DELETED', Timestamp: new Date() }],
      });
    const r = await stackDrift(ctx);
    expect(r.status === 'fail' && r.findings.map((f) => f.message)).toEqual([
      'AWS::ECS::Service Service/Service was changed outside the stack (/DesiredCount changed: expected 2, actual 1)',
      'AWS::EC2::SecurityGroup Gone1234 was deleted outside the stack',
    ]);
    const filters = cfn.commandCalls(DescribeStackResourceDriftsCommand).map((c) => c.args[0].input);
    expect(filters[0].StackResourceDriftStatusFilters).toEqual(['MODIFIED', 'DELETED']);
    expect(filters[1].NextToken).toBe('next');
  });

  it('DETECTION_FAILED with drift found still reports the drift', async () => {
    cfn.on(DetectStackDriftCommand).resolves({ StackDriftDetectionId: DETECTION });
    cfn.on(DescribeStackDriftDetectionStatusCommand).resolves(status('DETECTION_FAILED', 'DRIFTED', 'Failed to detect drift on resource [Custom1]'));
    cfn.on(DescribeStackResourceDriftsCommand).resolves({
      StackResourceDrifts: [
        { StackId: STACK_ARN, LogicalResourceId: serviceId, ResourceType: 'AWS::ECS::Service', StackResourceDriftStatus: 'MODIFIED', PropertyDifferences: [], Timestamp: new Date() },
      ],
    });
    expect(await stackDrift(ctx)).toMatchObject({ status: 'fail', findings: [{ message: 'AWS::ECS::Service Service/Service was changed outside the stack' }] });
  });

  it('DETECTION_FAILED without results is an error the runner reports (it throws)', async () => {
    cfn.on(DetectStackDriftCommand).resolves({ StackDriftDetectionId: DETECTION });
    cfn.on(DescribeStackDriftDetectionStatusCommand).resolves(status('DETECTION_FAILED', 'UNKNOWN', 'Stack is in UPDATE_ROLLBACK_FAILED state'));
    await expect(stackDrift(ctx)).rejects.toThrow(/drift detection failed: Stack is in UPDATE_ROLLBACK_FAILED state/);
  });

  it('gives up after its poll budget instead of waiting forever', async () => {
    slept.length = 0;
    cfn.on(DetectStackDriftCommand).resolves({ StackDriftDetectionId: DETECTION });
    cfn.on(DescribeStackDriftDetectionStatusCommand).resolves(status('DETECTION_IN_PROGRESS'));
    await expect(stackDrift(ctx)).rejects.toThrow(/did not finish in 5 minutes/);
    expect(slept).toHaveLength(DRIFT_MAX_POLLS);
  });
});
