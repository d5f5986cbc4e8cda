// The real toolkit-lib, deploying a real cloud assembly, with every AWS call answered by
// aws-sdk-client-mock: proves the IoHost sees the toolkit's approval request and its "no" stops
// the deploy, and that a "yes" runs the change set to CREATE_COMPLETE with the lab's tags.
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cdk } from '../../synth/synthesize';
import { mockSdk, type SdkStub } from '../sdk-mock';
import { captureIo } from '../testing/fixtures';
import { Approvals } from './approval';
import { LabIoHost } from './io-host';

// The SDK classes exactly as toolkit-lib loads them (CommonJS), so the mocks intercept its calls.
const toolkitRequire = createRequire(require.resolve('@aws-cdk/toolkit-lib'));
const CFN = toolkitRequire('@aws-sdk/client-cloudformation');
const STS = toolkitRequire('@aws-sdk/client-sts');

const ACCOUNT = '111111111111';
const REGION = 'eu-west-1';

/** A small app with an IAM role (a security-sensitive change the toolkit asks about), legacy synthesizer: no bootstrap assets. */
function assembly(): string {
  const { App, Stack, LegacyStackSynthesizer, aws_iam: iam } = cdk();
  const outdir = mkdtempSync(join(tmpdir(), 'toolkit-real-'));
  const app = new App({ outdir });
  const stack = new Stack(app, 'IamRolesLab', { synthesizer: new LegacyStackSynthesizer() });
  new iam.Role(stack, 'TaskRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
  app.synth();
  return outdir;
}

let cfn: SdkStub;
let sts: SdkStub;
beforeEach(() => {
  cfn = mockSdk(CFN.CloudFormationClient);
  sts = mockSdk(STS.STSClient);
  sts.on(STS.GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/learner`, UserId: 'AID' });
});
afterEach(() => {
  cfn.restore();
  sts.restore();
});

async function deploy(answer: boolean) {
  const { Toolkit, BaseCredentials, StackSelectionStrategy } = await import('@aws-cdk/toolkit-lib');
  const io = captureIo();
  const approvals = new Approvals(async () => answer);
  const host = new LabIoHost(io, approvals.approve);
  const toolkit = new Toolkit({
    ioHost: host,
    color: false,
    emojis: false,
    sdkConfig: { baseCredentials: BaseCredentials.custom({ provider: async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 's' }), region: REGION }) },
  });
  const cx = await toolkit.fromAssemblyDirectory(assembly());
  const run = toolkit.deploy(cx, {
    stacks: { strategy: StackSelectionStrategy.PATTERN_MUST_MATCH_SINGLE, patterns: ['IamRolesLab'] },
    tags: [{ Key: 'ecs-lab:lab', Value: 'security/iam-roles' }],
    deploymentMethod: { method: 'change-set' },
    stackEventPollingInterval: 1,
  } as never);
  return { run, approvals, io };
}

/**
 * CloudFormation as a first create goes: the stack does not exist, a change set is created and
 * described (the toolkit builds its approval from it), then executed to CREATE_COMPLETE.
 */
function cloudFormationCreate() {
  const stackId = `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/IamRolesLab/1`;
  let executed = false;
  const started = new Date();
  cfn.onAnyCommand().rejects(new Error('unexpected CloudFormation call'));
  cfn.on(CFN.DescribeStacksCommand).callsFake(async () => {
    if (!executed) throw Object.assign(new Error('Stack with id IamRolesLab does not exist'), { name: 'ValidationError' });
    return { Stacks: [{ StackId: stackId, StackName: 'IamRolesLab', StackStatus: 'CREATE_COMPLETE', CreationTime: started, Outputs: [] }] };
  });
  cfn.on(CFN.CreateChangeSetCommand).resolves({ Id: `${stackId}:changeSet/cdk-deploy-change-set/1`, StackId: stackId });
  cfn.on(CFN.DescribeChangeSetCommand).resolves({
    ChangeSetName: 'cdk-deploy-change-set',
    StackId: stackId,
    StackName: 'IamRolesLab',
    Status: 'CREATE_COMPLETE',
    ExecutionStatus: 'AVAILABLE',
    Changes: [{ Type: 'Resource', ResourceChange: { Action: 'Add', LogicalResourceId: 'TaskRole30FC0FBB', ResourceType: 'AWS::IAM::Role' } }],
  });
  cfn.on(CFN.DeleteChangeSetCommand).resolves({});
  cfn.on(CFN.DeleteStackCommand).resolves({});
  cfn.on(CFN.ExecuteChangeSetCommand).callsFake(async () => ((executed = true), {}));
  cfn.on(CFN.DescribeStackEventsCommand).callsFake(async () => ({
    StackEvents: executed
      ? [
          { EventId: '2', StackId: stackId, StackName: 'IamRolesLab', LogicalResourceId: 'IamRolesLab', ResourceType: 'AWS::CloudFormation::Stack', ResourceStatus: 'CREATE_COMPLETE', Timestamp: new Date(Date.now() + 2000) },
          { EventId: '1', StackId: stackId, StackName: 'IamRolesLab', LogicalResourceId: 'TaskRole30FC0FBB', ResourceType: 'AWS::IAM::Role', ResourceStatus: 'CREATE_COMPLETE', Timestamp: new Date(Date.now() + 1000) },
        ]
      : [],
  }));
  cfn.on(CFN.GetTemplateCommand).rejects(Object.assign(new Error('Stack with id IamRolesLab does not exist'), { name: 'ValidationError' }));
}

describe('toolkit-lib with the runner IoHost (SDK mocked)', () => {
  it('asks the person about the IAM change, and "no" executes nothing', async () => {
    cloudFormationCreate();
    const { run, approvals, io } = await deploy(false);
    await expect(run).rejects.toThrow(/cancelled/);
    expect(approvals.questions).toEqual(['Stack includes security-sensitive updates. Do you wish to deploy these changes?']);
    expect(io.lines[0]).toMatch(/IAM Statement Changes[\s\S]*sts:AssumeRole[\s\S]*ecs-tasks\.amazonaws\.com/);
    expect(approvals.declined).toBe(true);
    expect(cfn.commandCalls(CFN.ExecuteChangeSetCommand)).toHaveLength(0);
  });

  it('"yes" executes the change set with the lab tags and shows each resource event', async () => {
    cloudFormationCreate();
    const { run, approvals, io } = await deploy(true);
    const result = await run;
    expect(approvals.questions).toHaveLength(1);
    expect(io.lines).toContain('  CREATE_COMPLETE        AWS::IAM::Role                           TaskRole30FC0FBB');
    expect(result.stacks[0].stackName).toBe('IamRolesLab');
    expect(cfn.commandCalls(CFN.CreateChangeSetCommand)[0].args[0].input.Tags).toEqual([{ Key: 'ecs-lab:lab', Value: 'security/iam-roles' }]);
    expect(cfn.commandCalls(CFN.ExecuteChangeSetCommand)).toHaveLength(1);
  });
});
