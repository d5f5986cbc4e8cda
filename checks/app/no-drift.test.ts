import { CloudFormationClient, DescribeStackDriftDetectionStatusCommand, DescribeStackResourceDriftsCommand, DetectStackDriftCommand } from '@aws-sdk/client-cloudformation';
import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { mockSdk } from '../../engine/aws/sdk-mock';
import { liveContext } from '../../engine/aws/live/test-context';
import { checkStack } from '../../engine/testing/offline-context';
import { noDrift } from './no-drift';

const cfn = mockSdk(CloudFormationClient);
afterEach(() => cfn.reset());

function stack() {
  const s = new Stack(new App(), 'Test');
  new s3.Bucket(s, 'Assets');
  return s;
}

describe('app.no-drift', () => {
  it('offline: skips, saying it needs the aws target', async () => {
    const r = await checkStack(noDrift, stack());
    expect(r.status).toBe('skip');
    expect(r.findings[0].message).toMatch(/needs the aws target/);
  });

  it('live: judged by CloudFormation drift detection (IN_SYNC passes, DRIFTED with no listed resource fails)', async () => {
    const ctx = liveContext(stack(), {});
    cfn.on(DetectStackDriftCommand).resolves({ StackDriftDetectionId: 'd-1' });
    cfn.on(DescribeStackDriftDetectionStatusCommand).resolves({ StackDriftDetectionId: 'd-1', DetectionStatus: 'DETECTION_COMPLETE', StackDriftStatus: 'IN_SYNC' });
    expect(await noDrift.live!(ctx)).toEqual({ status: 'pass' });
    cfn.reset();
    cfn.on(DetectStackDriftCommand).resolves({ StackDriftDetectionId: 'd-2' });
    cfn.on(DescribeStackDriftDetectionStatusCommand).resolves({ StackDriftDetectionId: 'd-2', DetectionStatus: 'DETECTION_COMPLETE', StackDriftStatus: 'DRIFTED' });
    cfn.on(DescribeStackResourceDriftsCommand).resolves({ StackResourceDrifts: [] });
    expect(await noDrift.live!(ctx)).toMatchObject({ status: 'fail', findings: [{ message: expect.stringMatching(/has drifted, but CloudFormation listed no drifted resource/) }] });
  });
});
