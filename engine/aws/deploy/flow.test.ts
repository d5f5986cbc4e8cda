import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LabError } from '../../errors';
import type { Workspace } from '../../workspace/workspace';
import { mockSdk, type SdkStub } from '../sdk-mock';
import { ACCOUNT, captureIo, FakeDeployer, OTHER_ACCOUNT, reread, tempWorkspace } from '../testing/fixtures';
import { Approvals, terminalApprover, type Approver } from './approval';
import { deployLab, destroyLab, type DeployContext, type FlowContext } from './flow';
import { TAG_EXPIRES, TAG_LAB, TAG_WORKSPACE } from './tags';

const REGION = 'eu-west-1';
const NOW = new Date('2026-12-02T09:00:00.000Z');
const template = {
  Resources: {
    Td: { Type: 'AWS::ECS::TaskDefinition', Properties: { Cpu: '256', Memory: '512' } },
    Svc: { Type: 'AWS::ECS::Service', Properties: { LaunchType: 'FARGATE', DesiredCount: 2, TaskDefinition: { Ref: 'Td' } } },
  },
};

let sts: SdkStub;
let cfn: SdkStub;
beforeEach(() => {
  sts = mockSdk(STSClient);
  cfn = mockSdk(CloudFormationClient);
  sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/learner` });
  cfn.on(DescribeStacksCommand, { StackName: 'CDKToolkit' }).resolves({
    Stacks: [{ StackName: 'CDKToolkit', StackStatus: 'UPDATE_COMPLETE', CreationTime: NOW, Outputs: [{ OutputKey: 'BootstrapVersion', OutputValue: '28' }] }],
  });
});
afterEach(() => {
  sts.restore();
  cfn.restore();
});

interface Harness {
  ctx: DeployContext;
  deployer: FakeDeployer;
  synthCalls: number;
  disposed: number;
  io: ReturnType<typeof captureIo>;
}

function harness(ws: Workspace, approve: Approver | 'yes' | 'no-tty' = 'yes', extra: Partial<DeployContext> = {}): Harness {
  const io = captureIo({ yes: approve === 'yes' });
  const deployer = new FakeDeployer();
  const inner: Approver = approve === 'yes' || approve === 'no-tty' ? terminalApprover(io) : approve;
  const h: Harness = { deployer, synthCalls: 0, disposed: 0, io, ctx: undefined as unknown as DeployContext };
  h.ctx = {
    io,
    workspace: ws,
    target: { region: REGION },
    sts: new STSClient({ region: REGION }),
    cloudformation: new CloudFormationClient({ region: REGION }),
    deployer,
    approvals: new Approvals(inner),
    env: {},
    now: () => NOW,
    ttlHours: 4,
    synthesize: async () => {
      h.synthCalls++;
      return { assemblyDir: '/tmp/assembly', template, dispose: () => h.disposed++ };
    },
    ...extra,
  };
  return h;
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof LabError) return `${e.code} ${e.message}`;
    throw e;
  }
  throw new Error('resolved');
}

describe('deployLab', () => {
  it('asks once with the cost, deploys with the three lab tags and records the deployment', async () => {
    const ws = tempWorkspace();
    const h = harness(ws);
    const dep = await deployLab(h.ctx);
    expect(h.ctx.approvals.questions).toEqual([`Deploy IamRolesLab to account ${ACCOUNT} in ${REGION} (about $0.02 per hour until you run \`lab destroy\`)?`]);
    expect(h.io.lines[0]).toMatch(/^Estimated cost: \$0\.02 per hour/);
    const deployCall = h.deployer.calls.find((c) => c.startsWith('deploy '))!;
    const tags = JSON.parse(deployCall.slice('deploy IamRolesLab '.length));
    expect(tags).toEqual({ [TAG_LAB]: 'security/iam-roles', [TAG_WORKSPACE]: ws.dir, [TAG_EXPIRES]: '2026-12-02T13:00:00.000Z' });
    expect(dep).toMatchObject({ stackName: 'IamRolesLab', account: ACCOUNT, region: REGION, status: 'deployed', expiresAt: '2026-12-02T13:00:00.000Z' });
    const state = reread(ws).state;
    expect(state.target).toBe('aws');
    expect(state.deployment?.status).toBe('deployed');
    expect(h.disposed).toBe(1);
  });

  it('an account outside the allow-list: exit 2 naming it, and nothing else is called', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: OTHER_ACCOUNT, Arn: `arn:aws:iam::${OTHER_ACCOUNT}:user/x` });
    const ws = tempWorkspace();
    const h = harness(ws);
    expect(await codeOf(deployLab(h.ctx))).toMatch(new RegExp(`^E_AWS_ACCOUNT account ${OTHER_ACCOUNT} is not on the allow-list`));
    expect(h.deployer.calls).toEqual([]);
    expect(cfn.calls()).toHaveLength(0);
    expect(h.synthCalls).toBe(0);
    expect(reread(ws).state.deployment).toBeUndefined();
  });

  it('expired credentials: one line saying how to sign in, nothing called', async () => {
    sts.on(GetCallerIdentityCommand).rejects(Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredToken' }));
    const h = harness(tempWorkspace());
    expect(await codeOf(deployLab(h.ctx))).toMatch(/^E_AWS_CREDENTIALS no valid AWS credentials \(The security token included in the request is expired\)/);
    expect(h.deployer.calls).toEqual([]);
  });

  it('refusal is honoured: "no" deploys nothing and records nothing', async () => {
    const ws = tempWorkspace();
    const h = harness(ws, async () => false);
    expect(await codeOf(deployLab(h.ctx))).toBe('E_CANCELLED deploy cancelled — nothing was deployed');
    expect(h.deployer.calls.filter((c) => c.startsWith('deploy'))).toEqual([]);
    expect(reread(ws).state.deployment).toBeUndefined();
    expect(h.disposed).toBe(1);
  });

  it('without a terminal and without --yes it refuses rather than approving', async () => {
    const ws = tempWorkspace();
    const h = harness(ws, 'no-tty');
    expect(await codeOf(deployLab(h.ctx))).toMatch(/^E_NO_TTY Deploy IamRolesLab .* needs your approval .* run it again with --yes/);
    expect(h.deployer.calls.filter((c) => c.startsWith('deploy'))).toEqual([]);
  });

  it("a toolkit approval (IAM changes) answered no: the toolkit's abort becomes a one-line cancel and the record is dropped", async () => {
    const ws = tempWorkspace();
    let answers = [true, false];
    const h = harness(ws, async () => answers.shift()!);
    h.deployer.deployImpl = async () => {
      const ok = await h.ctx.approvals.approve('"IamRolesLab" deployment requires approval for IAM changes');
      if (!ok) throw new Error('Aborted by user');
      throw new Error('unreachable');
    };
    expect(await codeOf(deployLab(h.ctx))).toBe('E_CANCELLED deploy cancelled at your request — no change was executed');
    expect(reread(ws).state.deployment).toBeUndefined();
    answers = [];
  });

  it('a "no" to the toolkit on a first deploy removes the empty stack left holding its change set', async () => {
    const ws = tempWorkspace();
    const answers = [true, false];
    const h = harness(ws, async () => answers.shift()!);
    h.deployer.deployImpl = async () => {
      h.deployer.stack = { status: 'REVIEW_IN_PROGRESS', tags: { [TAG_WORKSPACE]: ws.dir } };
      if (!(await h.ctx.approvals.approve('Do you wish to deploy these changes?'))) throw new Error('Deployment cancelled');
      throw new Error('unreachable');
    };
    expect(await codeOf(deployLab(h.ctx))).toMatch(/^E_CANCELLED deploy cancelled at your request/);
    expect(h.deployer.calls.at(-1)).toBe('destroy IamRolesLab');
    expect(reread(ws).state.deployment).toBeUndefined();
    // …and a stack left in REVIEW_IN_PROGRESS from before does not block the next deploy.
    h.deployer.stack = { status: 'REVIEW_IN_PROGRESS', tags: { [TAG_WORKSPACE]: ws.dir } };
    const again = harness(ws);
    again.deployer.stack = h.deployer.stack;
    expect((await deployLab(again.ctx)).status).toBe('deployed');
  });

  it('Ctrl-C during a first deploy deletes the half-made stack and forgets it', async () => {
    const ws = tempWorkspace();
    let interrupt!: () => void;
    const interrupted = new Promise<void>((r) => (interrupt = r));
    const h = harness(ws, 'yes', { interrupted });
    h.deployer.deployImpl = () => {
      h.deployer.stack = { status: 'CREATE_IN_PROGRESS', tags: {} };
      interrupt();
      return new Promise(() => undefined); // the toolkit is still waiting on CloudFormation
    };
    expect(await codeOf(deployLab(h.ctx))).toMatch(/^E_CANCELLED deploy interrupted — the partly created IamRolesLab was deleted/);
    expect(h.deployer.calls.at(-1)).toBe('destroy IamRolesLab');
    expect(reread(ws).state.deployment).toBeUndefined();
  });

  it('Ctrl-C during an update leaves the stack (CloudFormation finishes or rolls back) and keeps the record for `lab destroy`', async () => {
    const ws = tempWorkspace();
    let interrupt!: () => void;
    const interrupted = new Promise<void>((r) => (interrupt = r));
    const h = harness(ws, 'yes', { interrupted });
    h.deployer.stack = { status: 'UPDATE_COMPLETE', tags: { [TAG_WORKSPACE]: ws.dir } };
    h.deployer.deployImpl = () => (interrupt(), new Promise(() => undefined));
    expect(await codeOf(deployLab(h.ctx))).toMatch(/^E_CANCELLED deploy interrupted — CloudFormation finishes or rolls back/);
    expect(h.deployer.calls.some((c) => c.startsWith('destroy'))).toBe(false);
    expect(reread(ws).state.deployment?.status).toBe('deploying');
  });

  it('a stack stuck in UPDATE_ROLLBACK_FAILED is explained before anything is synthesized', async () => {
    const ws = tempWorkspace();
    const h = harness(ws);
    h.deployer.stack = { status: 'UPDATE_ROLLBACK_FAILED', reason: 'Service did not stabilize', tags: { [TAG_WORKSPACE]: ws.dir } };
    expect(await codeOf(deployLab(h.ctx))).toBe(
      'E_AWS stack IamRolesLab is stuck in UPDATE_ROLLBACK_FAILED (Service did not stabilize) — run `lab destroy` to remove it, then `lab deploy` again',
    );
    expect(h.synthCalls).toBe(0);
  });

  it("never touches a stack of the same name that another workspace or someone else deployed", async () => {
    const ws = tempWorkspace();
    const h = harness(ws);
    h.deployer.stack = { status: 'CREATE_COMPLETE', tags: { [TAG_WORKSPACE]: '/home/other/ecs-labs/iam-roles' } };
    expect(await codeOf(deployLab(h.ctx))).toMatch(/^E_AWS stack IamRolesLab in eu-west-1 belongs to another workspace/);
    h.deployer.stack = { status: 'CREATE_COMPLETE', tags: {} };
    expect(await codeOf(deployLab(h.ctx))).toMatch(/was not deployed by ecs-lab/);
    expect(h.deployer.calls.filter((c) => c.startsWith('deploy'))).toEqual([]);
  });

  it('an account that is not bootstrapped is explained, with the command, and not bootstrapped for you', async () => {
    cfn.on(DescribeStacksCommand, { StackName: 'CDKToolkit' }).rejects(Object.assign(new Error('Stack with id CDKToolkit does not exist'), { name: 'ValidationError' }));
    const h = harness(tempWorkspace());
    expect(await codeOf(deployLab(h.ctx))).toMatch(/is not bootstrapped for the CDK .* `npx cdk bootstrap aws:\/\/111111111111\/eu-west-1`/);
    expect(h.synthCalls).toBe(0);
  });
});

describe('destroyLab', () => {
  const deployed = (status: 'deploying' | 'deployed' = 'deployed') => ({
    stackName: 'IamRolesLab',
    account: ACCOUNT,
    region: REGION,
    status,
    startedAt: NOW.toISOString(),
    expiresAt: NOW.toISOString(),
  });

  function ctxFor(ws: Workspace, h: Harness): FlowContext {
    return { ...h.ctx, workspace: ws };
  }

  it('a workspace never deployed: exit 2, no AWS call at all', async () => {
    const ws = tempWorkspace();
    const h = harness(ws);
    expect(await codeOf(destroyLab(ctxFor(ws, h)))).toMatch(/^E_NOT_DEPLOYED this workspace is not deployed/);
    expect(sts.calls()).toHaveLength(0);
    expect(h.deployer.calls).toEqual([]);
  });

  it('asks, destroys, forgets — and running it again (after a Ctrl-C) finishes the job without asking', async () => {
    const ws = tempWorkspace({ target: 'aws', deployment: deployed() });
    const h = harness(ws);
    h.deployer.stack = { status: 'CREATE_COMPLETE', tags: { [TAG_WORKSPACE]: ws.dir } };
    expect(await destroyLab(ctxFor(ws, h))).toBe('deleted');
    expect(h.ctx.approvals.questions).toEqual([`Destroy IamRolesLab in account ${ACCOUNT} / ${REGION}? Everything in it is deleted.`]);
    expect(reread(ws).state.target).toBe('offline');
    expect(reread(ws).state.deployment).toBeUndefined();

    // Interrupted last time: the state still says deployed, CloudFormation is already deleting.
    const again = tempWorkspace({ target: 'aws', deployment: deployed('deploying') });
    const h2 = harness(again);
    h2.deployer.stack = { status: 'DELETE_IN_PROGRESS', tags: { [TAG_WORKSPACE]: again.dir } };
    expect(await destroyLab(ctxFor(again, h2))).toBe('deleted');
    expect(h2.ctx.approvals.questions).toEqual([]);
    h2.deployer.stack = undefined;
    const gone = tempWorkspace({ target: 'aws', deployment: deployed() });
    expect(await destroyLab(ctxFor(gone, harness(gone)))).toBe('absent');
    expect(reread(gone).state.deployment).toBeUndefined();
  });

  it('refuses with other credentials than the deployment\'s account, before touching the stack', async () => {
    const ws = tempWorkspace({ deployment: deployed() }, [ACCOUNT, OTHER_ACCOUNT]);
    sts.on(GetCallerIdentityCommand).resolves({ Account: OTHER_ACCOUNT, Arn: 'x' });
    const h = harness(ws);
    expect(await codeOf(destroyLab(ctxFor(ws, h)))).toMatch(/^E_AWS_ACCOUNT this workspace is deployed to account 111111111111 in eu-west-1, but your credentials are for 999999999999/);
    expect(h.deployer.calls).toEqual([]);
  });

  it('"no" keeps the stack and the record', async () => {
    const ws = tempWorkspace({ deployment: deployed() });
    const h = harness(ws, async () => false);
    h.deployer.stack = { status: 'CREATE_COMPLETE', tags: { [TAG_WORKSPACE]: ws.dir } };
    expect(await codeOf(destroyLab(ctxFor(ws, h)))).toMatch(/^E_CANCELLED destroy cancelled/);
    expect(h.deployer.calls.some((c) => c.startsWith('destroy'))).toBe(false);
    expect(reread(ws).state.deployment).toBeDefined();
  });
});
