// `lab deploy` and `lab destroy` as flows over injected parts (the Deployer, the SDK clients, the
// approver, the synthesis), so the order that keeps an account safe is tested without AWS:
// who am I and may I (allow-list) → bootstrapped? → whose stack is this? → synthesize → cost and
// approval → record "deploying" → deploy (Ctrl-C: delete what a first deploy made) → record.
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { STSClient } from '@aws-sdk/client-sts';
import type { Io } from '../../cli/io';
import { LabError } from '../../errors';
import type { CfnTemplate } from '../../types';
import { updateState, type WorkspaceState } from '../../workspace/state';
import type { Workspace } from '../../workspace/workspace';
import { assertCallerAllowed, credentialError, isCredentialError } from '../guard';
import type { Approvals } from './approval';
import { bootstrapStatus } from './bootstrap';
import { estimateCost, formatCost } from './cost';
import type { DeployOutcome, Deployer, StackStatus } from './deployer';
import { labTags, TAG_WORKSPACE, workspaceTagValue } from './tags';

export interface Synthesized {
  assemblyDir: string;
  template: CfnTemplate;
  dispose(): void;
}

export interface FlowContext {
  io: Io;
  workspace: Workspace;
  target: { region: string; profile?: string };
  sts: Pick<STSClient, 'send'>;
  cloudformation: Pick<CloudFormationClient, 'send'>;
  deployer: Deployer;
  approvals: Approvals;
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
  /** Resolves when the person presses Ctrl-C. */
  interrupted?: Promise<void>;
}

export interface DeployContext extends FlowContext {
  synthesize: () => Promise<Synthesized>;
  ttlHours: number;
}

type Deployment = NonNullable<WorkspaceState['deployment']>;

const INTERRUPTED: unique symbol = Symbol('interrupted');
const HOUR_MS = 3_600_000;

/** A stack that another workspace (or nobody from ecs-lab) deployed is never touched. */
function assertOurs(stack: StackStatus, name: string, ws: Workspace, ctx: FlowContext): void {
  const owner = stack.tags[TAG_WORKSPACE];
  if (owner === workspaceTagValue(ws.dir)) return;
  throw new LabError(
    'E_AWS',
    owner
      ? `stack ${name} in ${ctx.target.region} belongs to another workspace (${owner}) — destroy it from there, or use another account or region`
      : `stack ${name} in ${ctx.target.region} was not deployed by ecs-lab (no ${TAG_WORKSPACE} tag) — it is left alone; use another account or region`,
  );
}

/** States a deploy cannot start from; `lab destroy` clears all of them. */
function assertDeployable(stack: StackStatus, name: string): void {
  // REVIEW_IN_PROGRESS: a change set was made and never executed (a "no" last time); the toolkit makes a new one.
  if (/_IN_PROGRESS$/.test(stack.status) && stack.status !== 'REVIEW_IN_PROGRESS') {
    throw new LabError('E_AWS', `stack ${name} is busy (${stack.status}) — wait for it to finish (or run \`lab destroy\`), then deploy again`);
  }
  if (/FAILED$/.test(stack.status)) {
    throw new LabError('E_AWS', `stack ${name} is stuck in ${stack.status}${stack.reason ? ` (${stack.reason})` : ''} — run \`lab destroy\` to remove it, then \`lab deploy\` again`);
  }
}

export async function deployLab(ctx: DeployContext): Promise<Deployment> {
  const { io, workspace: ws, target } = ctx;
  const now = ctx.now ?? (() => new Date());
  const stackName = ws.lab.stackName;
  // Nothing else is called before the account is known to be allowed.
  const caller = await guarded(ctx, () => assertCallerAllowed(ctx.sts, ws.dir, target.profile, ctx.env));
  const boot = await guarded(ctx, () => bootstrapStatus(ctx.cloudformation, caller.account, target.region));
  if (!boot.ok) throw new LabError('E_AWS', `${boot.what} — ${boot.fix}`);
  const existing = await guarded(ctx, () => ctx.deployer.status(stackName));
  if (existing && existing.status !== 'DELETE_COMPLETE') {
    assertOurs(existing, stackName, ws, ctx);
    assertDeployable(existing, stackName);
  }
  const firstDeploy = !existing || ['DELETE_COMPLETE', 'ROLLBACK_COMPLETE', 'REVIEW_IN_PROGRESS'].includes(existing.status);

  const synth = await ctx.synthesize();
  try {
    const est = estimateCost(synth.template);
    for (const line of formatCost(est, ctx.ttlHours)) io.out(line);
    const ok = await ctx.approvals.approve(
      `Deploy ${stackName} to account ${caller.account} in ${target.region} (about $${est.perHour.toFixed(2)} per hour until you run \`lab destroy\`)?`,
    );
    if (!ok) throw new LabError('E_CANCELLED', 'deploy cancelled — nothing was deployed');

    const startedAt = now();
    const expiresAt = new Date(startedAt.getTime() + ctx.ttlHours * HOUR_MS);
    const deployment: Deployment = {
      stackName,
      account: caller.account,
      region: target.region,
      ...(target.profile ? { profile: target.profile } : {}),
      status: 'deploying',
      startedAt: startedAt.toISOString(),
      expiresAt: expiresAt.toISOString(),
    };
    // Recorded before the first change, so `lab destroy` finds the stack whatever happens next.
    updateState(ws.dir, () => ({ target: 'aws', deployment }));
    const tags = labTags(ws.lab.id, workspaceTagValue(ws.dir), expiresAt);
    io.out(io.color.bold(`Deploying ${stackName} (tags expire ${expiresAt.toISOString()})…`));
    const deploying = ctx.deployer.deploy(synth.assemblyDir, stackName, { tags });
    deploying.catch(() => undefined); // observed below, unless Ctrl-C wins the race
    const raced: DeployOutcome | typeof INTERRUPTED = ctx.interrupted
      ? await Promise.race([deploying, ctx.interrupted.then((): typeof INTERRUPTED => INTERRUPTED)])
      : await deploying;
    if (raced === INTERRUPTED) return await onInterrupt(ctx, stackName, firstDeploy);
    const result = raced;
    const done: Deployment = { ...deployment, status: 'deployed', deployedAt: now().toISOString() };
    updateState(ws.dir, () => ({ deployment: done }));
    io.out(`${io.color.green('✓')} ${stackName} deployed to ${caller.account} / ${target.region}`);
    for (const [k, v] of Object.entries(result.outputs)) io.out(`  ${k} = ${v}`);
    io.out(`Run \`lab check --target aws\` to check it live; \`lab destroy\` when you are done (\`lab sweep\` removes it after ${expiresAt.toISOString()}).`);
    return done;
  } catch (e) {
    throw await deployError(ctx, stackName, e);
  } finally {
    synth.dispose();
  }
}

/** Ctrl-C: a first deploy's half-made stack is deleted (it bills by the hour); an update is left to finish. */
async function onInterrupt(ctx: DeployContext, stackName: string, firstDeploy: boolean): Promise<never> {
  const { io } = ctx;
  if (!firstDeploy) {
    throw new LabError('E_CANCELLED', `deploy interrupted — CloudFormation finishes or rolls back the update of ${stackName} on its own; \`lab destroy\` removes it`);
  }
  io.err(`${io.color.yellow('!')} Interrupted: deleting the partly created ${stackName} so nothing is left running…`);
  const gone = await ctx.deployer.destroy(stackName);
  updateState(ctx.workspace.dir, () => ({ deployment: undefined }));
  throw new LabError('E_CANCELLED', `deploy interrupted — ${gone === 'deleted' ? `the partly created ${stackName} was deleted` : 'nothing had been created'}; run \`lab deploy\` again when ready`);
}

/** The deploy's failure as one line: a refusal or "no" first, then the failing resource. */
async function deployError(ctx: DeployContext, stackName: string, e: unknown): Promise<unknown> {
  if (ctx.approvals.refusal) return ctx.approvals.refusal;
  if (e instanceof LabError && e.code === 'E_CANCELLED') return e;
  if (ctx.approvals.declined) {
    await forgetIfAbsent(ctx, stackName);
    return new LabError('E_CANCELLED', 'deploy cancelled at your request — no change was executed');
  }
  if (e instanceof LabError) return e;
  if (isCredentialError(e)) return credentialError(e, ctx.target.profile);
  const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
  return new LabError('E_AWS', `deploy of ${stackName} failed: ${msg} — fix it, run \`lab check\`, then \`lab deploy\` again (\`lab destroy\` removes what was made)`);
}

/**
 * After a "no": the toolkit builds its question from a change set, so a first deploy leaves an
 * empty stack holding it (REVIEW_IN_PROGRESS). That is removed and the record dropped; a stack
 * that really runs keeps its record.
 */
async function forgetIfAbsent(ctx: FlowContext, stackName: string): Promise<void> {
  const s = await ctx.deployer.status(stackName).catch(() => 'unknown' as const);
  if (s !== undefined && s !== 'unknown' && s.status === 'REVIEW_IN_PROGRESS') {
    await ctx.deployer.destroy(stackName);
  } else if (s !== undefined) {
    return;
  }
  updateState(ctx.workspace.dir, () => ({ deployment: undefined }));
}

/** An SDK call whose credential failure becomes the one-line E_AWS_CREDENTIALS. */
async function guarded<T>(ctx: FlowContext, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (isCredentialError(e)) throw credentialError(e, ctx.target.profile);
    throw e;
  }
}

/** `lab destroy`: idempotent, and safe to run again after a Ctrl-C (CloudFormation goes on deleting). */
export async function destroyLab(ctx: FlowContext): Promise<'deleted' | 'absent'> {
  const { io, workspace: ws } = ctx;
  const dep = ws.state.deployment;
  if (!dep) {
    throw new LabError('E_NOT_DEPLOYED', 'this workspace is not deployed (never, or already destroyed) — nothing to destroy; `lab sweep` finds lab stacks left anywhere else');
  }
  const caller = await guarded(ctx, () => assertCallerAllowed(ctx.sts, ws.dir, ctx.target.profile, ctx.env));
  if (caller.account !== dep.account || ctx.target.region !== dep.region) {
    throw new LabError(
      'E_AWS_ACCOUNT',
      `this workspace is deployed to account ${dep.account} in ${dep.region}, but your credentials are for ${caller.account} in ${ctx.target.region} — use that account's profile (\`--profile\`) and \`--region ${dep.region}\``,
    );
  }
  const stack = await guarded(ctx, () => ctx.deployer.status(dep.stackName));
  if (stack && stack.status !== 'DELETE_COMPLETE') assertOurs(stack, dep.stackName, ws, ctx);
  if (stack && stack.status !== 'DELETE_COMPLETE' && stack.status !== 'DELETE_IN_PROGRESS') {
    const ok = await ctx.approvals.approve(`Destroy ${dep.stackName} in account ${dep.account} / ${dep.region}? Everything in it is deleted.`);
    if (!ok) throw new LabError('E_CANCELLED', `destroy cancelled — ${dep.stackName} is still running (and billing)`);
  }
  io.out(io.color.bold(`Destroying ${dep.stackName}…`));
  const result = await guarded(ctx, () => ctx.deployer.destroy(dep.stackName));
  updateState(ws.dir, () => ({ deployment: undefined, target: 'offline' }));
  io.out(`${io.color.green('✓')} ${result === 'deleted' ? `${dep.stackName} destroyed` : `${dep.stackName} was already gone`}; the workspace is offline again.`);
  return result;
}
