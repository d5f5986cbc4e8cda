// Tests only: a workspace on disk, a captured Io and a fake Deployer for the aws target's flows.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createColors } from 'picocolors';
import { requireLab } from '../../catalogue/catalogue';
import type { Io } from '../../cli/io';
import { STATE_SCHEMA, readState, writeState, type WorkspaceState } from '../../workspace/state';
import type { Workspace } from '../../workspace/workspace';
import { CONFIG_FILE } from '../guard';
import type { DeployOutcome, Deployer, StackStatus } from '../deploy/deployer';

export const ACCOUNT = '111111111111';
export const OTHER_ACCOUNT = '999999999999';
export const LAB_ID = 'security/iam-roles';

export function tempWorkspace(state: Partial<WorkspaceState> = {}, accounts: string[] = [ACCOUNT]): Workspace {
  const root = mkdtempSync(join(tmpdir(), 'aws-flow-'));
  const dir = join(root, 'iam-roles');
  mkdirSync(dir);
  writeFileSync(join(root, CONFIG_FILE), JSON.stringify({ accounts }));
  const full: WorkspaceState = {
    schema: STATE_SCHEMA,
    lab: LAB_ID,
    createdAt: '2026-12-01T00:00:00.000Z',
    runnerVersion: 'test',
    target: 'offline',
    break: null,
    hintsShown: 0,
    ...state,
  };
  writeState(dir, full);
  return { dir, root, lab: requireLab(LAB_ID), state: full };
}

/** Re-reads the workspace from disk (a flow writes the state as it goes). */
export const reread = (ws: Workspace): Workspace => ({ ...ws, state: readState(ws.dir) });

export function captureIo(opts: { yes?: boolean; interactive?: boolean } = {}): Io & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return {
    lines,
    errors,
    out: (t) => lines.push(t),
    err: (t) => errors.push(t),
    interactive: opts.interactive ?? false,
    yes: opts.yes ?? false,
    stdinIsTTY: false,
    color: createColors(false),
    colorEnabled: false,
    columns: 100,
    cwd: process.cwd(),
  };
}

/** A Deployer that records calls; each method's behaviour can be replaced per test. */
export class FakeDeployer implements Deployer {
  readonly calls: string[] = [];
  stack: StackStatus | undefined;
  deployImpl: () => Promise<DeployOutcome> = async () => ({ stackArn: 'arn:aws:cloudformation:eu-west-1:111111111111:stack/IamRolesLab/1', outputs: { Url: 'http://lb' } });

  async deploy(assemblyDir: string, stackName: string, opts: { tags: Record<string, string> }): Promise<DeployOutcome> {
    this.calls.push(`deploy ${stackName} ${JSON.stringify(opts.tags)}`);
    const out = await this.deployImpl();
    this.stack = { status: 'CREATE_COMPLETE', tags: opts.tags };
    return out;
  }

  async destroy(stackName: string): Promise<'deleted' | 'absent'> {
    this.calls.push(`destroy ${stackName}`);
    const had = this.stack !== undefined;
    this.stack = undefined;
    return had ? 'deleted' : 'absent';
  }

  async status(stackName: string): Promise<StackStatus | undefined> {
    this.calls.push(`status ${stackName}`);
    return this.stack;
  }
}
