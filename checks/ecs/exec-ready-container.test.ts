import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { belowMinimum, execReadyContainer } from './exec-ready-container';
import { execApp, initProcess } from './exec.fixture';

const check = (stack: Stack) => checkStack(execReadyContainer, stack);
const messages = async (stack: Stack) => (await check(stack)).findings.map((f) => f.message);

describe('ecs.exec-ready-container', () => {
  it('Compliance 1: an init process, a writable root file system, the LATEST platform (unset)', async () => {
    expect((await check(execApp().stack)).status).toBe('pass');
  });

  it('Compliance 2: platform 1.4.0 pinned, and a sidecar with its own init process', async () => {
    const { stack } = execApp({
      platformVersion: ecs.FargatePlatformVersion.VERSION1_4,
      after: (p) =>
        p.taskDefinition.addContainer('sidecar', {
          image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox'),
          essential: false,
          linuxParameters: new ecs.LinuxParameters(p.stack, 'SidecarLinux', { initProcessEnabled: true }),
        }),
    });
    expect((await check(stack)).status).toBe('pass');
  });

  it('Noncompliance 1: no init process', async () => {
    const r = await check(execApp({ container: () => ({}) }).stack);
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/^container app of TaskDef runs without an init process/)]);
    expect(r.findings[0].constructPath).toBe('Test/TaskDef/Resource');
  });

  it('Noncompliance 2: a read-only root file system, even with the init process', async () => {
    expect(await messages(execApp({ container: (p) => ({ ...initProcess(p), readonlyRootFilesystem: true }) }).stack)).toEqual([
      expect.stringMatching(/^container app of TaskDef has a read-only root file system/),
    ]);
  });

  it('Noncompliance 3: Fargate platform 1.3.0 pinned', async () => {
    const r = await check(execApp({ platformVersion: ecs.FargatePlatformVersion.VERSION1_3 }).stack);
    expect(r.findings.map((f) => f.message)).toEqual(['service Service/Service pins Fargate platform 1.3.0; ECS Exec needs 1.4.0 or later']);
    expect(r.findings[0].constructPath).toBe('Test/Service/Service');
  });

  it('Noncompliance 4: a sidecar without an init process beside a ready app container', async () => {
    const { stack } = execApp({
      after: (p) => p.taskDefinition.addContainer('sidecar', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox'), essential: false }),
    });
    expect(await messages(stack)).toEqual([expect.stringMatching(/^container sidecar of TaskDef runs without an init process/)]);
  });

  it('compares platform versions by number, not as text', () => {
    expect(['1.0.0', '1.3.0', '0.9.9'].map(belowMinimum)).toEqual([true, true, true]);
    expect(['1.4.0', '1.10.0', '2.0.0', 'LATEST'].map(belowMinimum)).toEqual([false, false, false, false]);
  });

  it('skips a stack without a service', async () => {
    const stack = new Stack(new App(), 'Test');
    new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
    expect((await check(stack)).status).toBe('skip');
  });
});
