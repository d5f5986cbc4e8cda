import { CloudFormationClient, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { DescribeServicesCommand, DescribeTasksCommand, ECSClient, ListTasksCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { DescribeTargetHealthCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { FisClient, GetExperimentCommand, StartExperimentCommand, StopExperimentCommand } from '@aws-sdk/client-fis';
import { STSClient } from '@aws-sdk/client-sts';
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeClock } from '../../aws/breaks/clock';
import { driftPath, readDriftRecord, writeDriftRecord } from '../../aws/breaks/drift-record';
import type { LiveSession } from '../../aws/live/session';
import { testClients } from '../../aws/live/test-context';
import { mockSdk } from '../../aws/sdk-mock';
import { ACCOUNT, captureIo, OTHER_ACCOUNT, reread, tempWorkspace } from '../../aws/testing/fixtures';
import type { FaultReplay } from '../../faults/types';
import type { BreakDefinition, CfnTemplate, LiveResource } from '../../types';
import { liveBreak, undoRecordedDrift } from './aws-live';

const cfn = mockSdk(CloudFormationClient);
const ecs = mockSdk(ECSClient);
const elb = mockSdk(ElasticLoadBalancingV2Client);
const fis = mockSdk(FisClient);
const sts = mockSdk(STSClient);
afterEach(() => [cfn, ecs, elb, fis, sts].forEach((m) => m.reset()));

const REGION = 'eu-west-1';
const STACK = 'IamRolesLab';
const SERVICE_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}:service/lab/Web`;
const TG_ARN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/Web/0123456789abcdef`;
const TEMPLATE_ID = 'EXTabc123';

/** The deployed template: what `lab deploy` sent, with its construct paths. */
const template: CfnTemplate = {
  Resources: {
    Service1: { Type: 'AWS::ECS::Service', Metadata: { 'aws:cdk:path': `${STACK}/Web/Service` } },
    StopTasks1: { Type: 'AWS::FIS::ExperimentTemplate', Metadata: { 'aws:cdk:path': `${STACK}/Faults/StopTasks/Resource` } },
  },
};
const resources = new Map<string, LiveResource>([
  ['Service1', { logicalId: 'Service1', physicalId: SERVICE_ARN, type: 'AWS::ECS::Service' }],
  ['StopTasks1', { logicalId: 'StopTasks1', physicalId: TEMPLATE_ID, type: 'AWS::FIS::ExperimentTemplate' }],
]);
const session = (account = ACCOUNT): LiveSession => ({
  clients: testClients(),
  stack: { name: STACK, arn: `arn:aws:cloudformation:${REGION}:${account}:stack/${STACK}/1`, status: 'UPDATE_COMPLETE', region: REGION, account, partition: 'aws', resources },
});
const deployment = { stackName: STACK, account: ACCOUNT, region: REGION, status: 'deployed' as const, startedAt: '2026-12-02T08:00:00Z', expiresAt: '2026-12-02T12:00:00Z' };

const load = { phases: [{ atSecond: 0, rps: 50 }], cpuMsPerRequest: 5, durationSeconds: 300 };
const faultBreak = (experiment?: string): BreakDefinition => ({
  id: 'lose-tasks',
  kind: 'fault',
  story: 'FIS stops half the tasks.',
  edits: [],
  fault: { scenario: { kind: 'stop-tasks', selection: { percent: 50 } }, startsAtSecond: 30, load, hypothesis: 'keeps serving while half the tasks are replaced', experiment },
  breaks: [],
});
const replay: FaultReplay = {
  experiment: 'stop-tasks',
  target: 'Web/Service',
  availability: 1,
  worstErrorRate: 0,
  recoverySeconds: 0,
  events: [],
  azs: ['a', 'b'],
  stepSeconds: 10,
  startsAtSecond: 30,
  timeline: [{ atSecond: 0, runningByAz: { a: 1, b: 1 }, starting: 0, healthyTargets: 2, capacityRps: 100, demandRps: 50, errorRate: 0, desired: 2 }],
};

function serviceRunning() {
  ecs.on(DescribeServicesCommand).resolves({ services: [{ serviceArn: SERVICE_ARN, status: 'ACTIVE', desiredCount: 2, runningCount: 2, loadBalancers: [{ targetGroupArn: TG_ARN }] }] });
  ecs.on(ListTasksCommand).resolves({ taskArns: ['t1', 't2'] });
  ecs.on(DescribeTasksCommand).resolves({ tasks: [{ taskArn: 't1', lastStatus: 'RUNNING', availabilityZone: 'eu-west-1a' }, { taskArn: 't2', lastStatus: 'RUNNING', availabilityZone: 'eu-west-1b' }] });
  elb.on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [{ TargetHealth: { State: 'healthy' } }, { TargetHealth: { State: 'healthy' } }] });
}

describe('lab break <fault> --target aws', () => {
  it('a fault with no experiment is refused in one line (exit 2) before any AWS call', async () => {
    const ws = tempWorkspace({ deployment });
    let opened = false;
    const e = await liveBreak(captureIo({ yes: true }), ws, faultBreak(undefined), {}, { open: async () => ((opened = true), session()) }).catch((x) => x);
    expect(e).toMatchObject({ code: 'E_NO_EXPERIMENT', exitCode: 2 });
    expect(opened).toBe(false);
  });

  it('a workspace never deployed is refused in one line (exit 2) before any AWS call', async () => {
    const ws = tempWorkspace();
    const e = await liveBreak(captureIo({ yes: true }), ws, faultBreak('StopTasks'), { region: REGION }).catch((x) => x);
    expect(e).toMatchObject({ code: 'E_NOT_DEPLOYED', exitCode: 2, message: expect.stringMatching(/not deployed .* `lab deploy` first/) });
    expect(sts.calls()).toHaveLength(0);
    expect(cfn.calls()).toHaveLength(0);
  });

  it('a code break is not an account change: pointed at the offline break and lab deploy', async () => {
    const code: BreakDefinition = { id: 'admin', kind: 'code', story: '', edits: [{ file: 'stack.ts', find: 'a', replace: 'b' }], breaks: [] };
    await expect(liveBreak(captureIo({ yes: true }), tempWorkspace({ deployment }), code, {})).rejects.toMatchObject({ code: 'E_USAGE', message: expect.stringMatching(/lab deploy/) });
  });

  it('without --yes and no terminal, asks for --yes and starts nothing', async () => {
    cfn.on(GetTemplateCommand).resolves({ TemplateBody: JSON.stringify(template) });
    const ws = tempWorkspace({ deployment });
    await expect(liveBreak(captureIo(), ws, faultBreak('StopTasks'), {}, { open: async () => session(), predict: async () => ({ replay }) })).rejects.toMatchObject({ code: 'E_USAGE' });
    expect(fis.calls()).toHaveLength(0);
  });

  it('runs the experiment, prints observed beside predicted, records the break; a failed run exits 1', async () => {
    cfn.on(GetTemplateCommand).resolves({ TemplateBody: JSON.stringify(template) });
    serviceRunning();
    fis.on(StartExperimentCommand).resolves({ experiment: { id: 'EXP1', state: { status: 'initiating' } } });
    fis.on(GetExperimentCommand).resolvesOnce({ experiment: { id: 'EXP1', state: { status: 'running' } } }).resolves({ experiment: { id: 'EXP1', state: { status: 'completed' } } });
    const ws = tempWorkspace({ deployment });
    const io = captureIo({ yes: true });
    const code = await liveBreak(io, ws, faultBreak('StopTasks'), {}, { open: async () => session(), predict: async () => ({ replay }), clock: fakeClock(), signal: new AbortController().signal });
    expect(code).toBe(0);
    expect(fis.commandCalls(StartExperimentCommand)[0].args[0].input).toMatchObject({ experimentTemplateId: TEMPLATE_ID, tags: { 'ecs-lab:lab': 'security/iam-roles', 'ecs-lab:break': 'lose-tasks' } });
    const out = io.lines.join('\n');
    expect(out).toMatch(/Fault lose-tasks: stack IamRolesLab in account 111111111111, eu-west-1/);
    expect(out).toMatch(/Predicted stop-tasks on Web\/Service \(offline replay, not a measurement\)[\s\S]*Observed in the account vs predicted offline — experiment EXP1/);
    expect(out).toMatch(/10 s\s+2\s+2 \(eu-west-1a 1, eu-west-1b 1\)\s+2 \/ 2\s+completed/);
    expect(out).toMatch(/✓ experiment completed/);
    expect(reread(ws).state.break?.id).toBe('lose-tasks');

    fis.reset();
    fis.on(StartExperimentCommand).resolves({ experiment: { id: 'EXP2' } });
    fis.on(GetExperimentCommand).resolves({ experiment: { id: 'EXP2', state: { status: 'failed', reason: 'Role is not authorized to perform ecs:StopTask' } } });
    const io2 = captureIo({ yes: true });
    expect(await liveBreak(io2, ws, faultBreak('StopTasks'), {}, { open: async () => session(), predict: async () => ({ replay }), clock: fakeClock(), signal: new AbortController().signal })).toBe(1);
    expect(io2.lines.join('\n')).toMatch(/✗ experiment failed — Role is not authorized to perform ecs:StopTask/);
  });

  it('Ctrl-C during the run stops the experiment', async () => {
    cfn.on(GetTemplateCommand).resolves({ TemplateBody: JSON.stringify(template) });
    serviceRunning();
    const controller = new AbortController();
    fis.on(StartExperimentCommand).resolves({ experiment: { id: 'EXP3' } });
    fis.on(StopExperimentCommand).resolves({});
    fis.on(GetExperimentCommand).callsFake(() => {
      if (!controller.signal.aborted) {
        controller.abort();
        return { experiment: { id: 'EXP3', state: { status: 'running' } } };
      }
      return { experiment: { id: 'EXP3', state: { status: 'stopped', reason: 'Experiment stopped by user.' } } };
    });
    const io = captureIo({ yes: true });
    await liveBreak(io, tempWorkspace({ deployment }), faultBreak('StopTasks'), {}, { open: async () => session(), predict: async () => ({ replay }), clock: fakeClock(), signal: controller.signal });
    expect(fis.commandCalls(StopExperimentCommand)).toHaveLength(1);
    expect(io.lines.join('\n')).toMatch(/■ experiment stopped by you \(Ctrl-C\)/);
  });

  it('an experiment the deployed stack does not have is refused before starting anything', async () => {
    cfn.on(GetTemplateCommand).resolves({ TemplateBody: JSON.stringify(template) });
    const e = await liveBreak(captureIo({ yes: true }), tempWorkspace({ deployment }), faultBreak('AzOutage'), {}, { open: async () => session(), predict: async () => ({ replay }) }).catch((x) => x);
    expect(e).toMatchObject({ exitCode: 2, message: expect.stringMatching(/no deployed FIS experiment template "AzOutage"/) });
    expect(fis.calls()).toHaveLength(0);
  });
});

describe('lab break <drift> --target aws, then lab reset', () => {
  const drift: BreakDefinition = { id: 'one-task', kind: 'drift', story: 'Scaled down to one task.', edits: [], drift: [{ kind: 'desired-count', service: 'Web', count: 1 }], breaks: ['network.multi-az'] };

  it('applies, records and reports the change; reset undoes it in the same account', async () => {
    cfn.on(GetTemplateCommand).resolves({ TemplateBody: JSON.stringify(template) });
    ecs.on(DescribeServicesCommand).resolves({ services: [{ serviceArn: SERVICE_ARN, desiredCount: 2 }] });
    ecs.on(UpdateServiceCommand).resolves({});
    const ws = tempWorkspace({ deployment });
    const io = captureIo({ yes: true });
    expect(await liveBreak(io, ws, drift, {}, { open: async () => session() })).toBe(0);
    expect(io.lines.join('\n')).toMatch(/changed service Web: desired count 2 → 1/);
    expect(reread(ws).state.break?.id).toBe('one-task');
    expect(readDriftRecord(ws.dir)!.changes).toHaveLength(1);

    const io2 = captureIo({ yes: true });
    let asked: unknown;
    expect(await undoRecordedDrift(io2, reread(ws), {}, async (_ws, opts) => ((asked = opts), session()))).toBe(true);
    expect(asked).toMatchObject({ stackName: STACK, region: REGION });
    expect(ecs.commandCalls(UpdateServiceCommand).at(-1)!.args[0].input).toMatchObject({ service: SERVICE_ARN, desiredCount: 2 });
    expect(io2.lines.join('\n')).toMatch(/undone service Web: desired count 2 → 1[\s\S]*drift break one-task undone/);
    expect(existsSync(driftPath(ws.dir))).toBe(false);
  });

  it('reset refuses to undo with credentials for another account, and changes nothing', async () => {
    const ws = tempWorkspace({ deployment });
    writeDriftRecord(ws.dir, { schema: 'ecs-lab/drift@1', breakId: 'one-task', stackName: STACK, account: ACCOUNT, region: REGION, appliedAt: 'x', changes: [{ kind: 'desired-count', construct: 'Web', cluster: 'lab', service: SERVICE_ARN, previous: 2, count: 1 }] });
    await expect(undoRecordedDrift(captureIo(), ws, {}, async () => session(OTHER_ACCOUNT))).rejects.toMatchObject({ code: 'E_AWS_ACCOUNT', message: expect.stringMatching(/made in account 111111111111/) });
    expect(ecs.calls()).toHaveLength(0);
    expect(existsSync(driftPath(ws.dir))).toBe(true);
  });

  it('reset with no drift recorded calls nothing', async () => {
    let opened = false;
    expect(await undoRecordedDrift(captureIo(), tempWorkspace({ deployment }), {}, async () => ((opened = true), session()))).toBe(false);
    expect(opened).toBe(false);
  });
});
