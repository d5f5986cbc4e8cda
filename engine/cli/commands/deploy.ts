// `lab deploy`, `lab destroy` and `lab start <lab> --target aws`: the aws target's edge. Builds
// the real parts (clients, toolkit Deployer, terminal approvals, Ctrl-C) and hands them to the
// flows in engine/aws/deploy/flow.ts, which hold the order that keeps an account safe.
import { join } from 'node:path';
import { resolveStartTarget, slugOf } from '../../catalogue/catalogue';
import { LabError } from '../../errors';
import { createClients } from '../../aws/clients';
import { Approvals, terminalApprover } from '../../aws/deploy/approval';
import { LabIoHost, eventLine } from '../../aws/deploy/io-host';
import { parseTtl } from '../../aws/deploy/tags';
import { ToolkitDeployer } from '../../aws/deploy/toolkit-deployer';
import { resolveTarget } from '../../aws/guard';
import { assertWorkspaceMatchesState } from '../../workspace/identity';
import { readProgress } from '../../workspace/progress';
import { findWorkspace, type Workspace } from '../../workspace/workspace';
import type { Io } from '../io';
import { resolveRoot } from './shared';

export interface AwsOptions {
  profile?: string;
  region?: string;
}

/** The first Ctrl-C resolves `interrupted` (the flow cleans up); a second one exits at once, as usual. */
function ctrlC(): { interrupted: Promise<void>; fired: () => boolean; dispose: () => void } {
  let fire!: () => void;
  let fired = false;
  const interrupted = new Promise<void>((r) => (fire = r));
  const handler = () => {
    fired = true;
    fire();
    process.off('SIGINT', handler); // the next Ctrl-C gets Node's default: exit
  };
  process.on('SIGINT', handler);
  return { interrupted, fired: () => fired, dispose: () => process.off('SIGINT', handler) };
}

/**
 * After a Ctrl-C the toolkit is still polling CloudFormation in the background: once the flow has
 * cleaned up and its error is printed, the process ends instead of waiting for it.
 */
async function endAfterInterrupt(e: unknown, io: Io): Promise<never> {
  const { exitCodeFor } = await import('../main');
  process.exit(exitCodeFor(e, io));
}

function parts(io: Io, ws: Workspace, target: { region: string; profile?: string }) {
  const clients = createClients(target);
  const approvals = new Approvals(terminalApprover(io));
  const deployer = new ToolkitDeployer({
    target,
    ioHost: new LabIoHost(io, approvals.approve),
    cloudformation: clients.cloudformation,
    deleteOptions: { onEvent: (e) => io.out(eventLine(io, e)) },
  });
  return { io, workspace: ws, target, sts: clients.sts, cloudformation: clients.cloudformation, deployer, approvals };
}

export async function deploy(io: Io, opts: AwsOptions & { ttl?: string }): Promise<number> {
  const ttlHours = parseTtl(opts.ttl);
  const ws = findWorkspace(io.cwd);
  assertWorkspaceMatchesState(ws);
  const target = await resolveTarget({ region: opts.region, profile: opts.profile, workspaceDir: ws.dir });
  const { deployLab } = await import('../../aws/deploy/flow');
  const { WorkspaceSynthesizer } = await import('../../synth');
  const synthesize = async () => {
    io.out(io.color.dim('Synthesizing your stack (in its sandbox)…'));
    const synth = await new WorkspaceSynthesizer(ws.dir, ws.lab.entry, ws.lab.stackName).run();
    return { assemblyDir: synth.assemblyDir, template: synth.template, dispose: () => synth.dispose() };
  };
  const c = ctrlC();
  try {
    await deployLab({ ...parts(io, ws, target), synthesize, ttlHours, interrupted: c.interrupted });
  } catch (e) {
    if (c.fired()) await endAfterInterrupt(e, io);
    throw e;
  } finally {
    c.dispose();
  }
  return 0;
}

export async function destroy(io: Io, opts: AwsOptions): Promise<number> {
  const ws = findWorkspace(io.cwd);
  const dep = ws.state.deployment;
  if (!dep) {
    throw new LabError('E_NOT_DEPLOYED', 'this workspace is not deployed (never, or already destroyed) — nothing to destroy; `lab sweep` finds lab stacks left anywhere else');
  }
  // Where it was deployed, unless told otherwise: a destroy must find the stack without flags.
  const target = await resolveTarget({ region: opts.region ?? dep.region, profile: opts.profile ?? dep.profile, workspaceDir: ws.dir });
  const { destroyLab } = await import('../../aws/deploy/flow');
  // Ctrl-C during a destroy is safe: CloudFormation goes on deleting, and `lab destroy` again follows it.
  await destroyLab(parts(io, ws, target));
  return 0;
}

/** `lab start <lab> --target aws`: start (or resume) the workspace, then deploy it. */
export async function startOnAws(io: Io, name: string, opts: AwsOptions & { dir?: string; ttl?: string }): Promise<number> {
  parseTtl(opts.ttl); // bad input fails before anything is created
  const root = resolveRoot(io, opts.dir);
  const progress = readProgress(root);
  // The lab start picks: the same rule, asked before start records it as started.
  const lab = resolveStartTarget(name, (id) => progress.labs[id]?.status === 'passed');
  const { start } = await import('./start');
  const code = await start(io, name, { dir: opts.dir });
  if (code !== 0) return code;
  io.out('');
  return deploy({ ...io, cwd: join(root, slugOf(lab)) }, opts);
}
