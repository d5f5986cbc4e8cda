// `lab sweep`: finds lab stacks that expired or lost their workspace, in one account and
// region, lists them with why, and destroys them after one confirmation.
import { createClients } from '../../aws/clients';
import { Approvals, terminalApprover } from '../../aws/deploy/approval';
import { deleteStack } from '../../aws/deploy/cloudformation';
import { eventLine } from '../../aws/deploy/io-host';
import { assertCallerAllowed, resolveTarget } from '../../aws/guard';
import { findLabStacks } from '../../aws/sweep';
import { LabError } from '../../errors';
import type { Io } from '../io';
import { resolveRoot, workspaceDirAbove } from './shared';
import type { AwsOptions } from './deploy';

export async function sweep(io: Io, opts: AwsOptions & { dir?: string; all?: boolean }): Promise<number> {
  // The allow-list of this workspace, or of the folder holding the workspaces.
  const where = workspaceDirAbove(io.cwd) ?? resolveRoot(io, opts.dir);
  const target = await resolveTarget({ region: opts.region, profile: opts.profile, workspaceDir: where });
  const clients = createClients(target);
  const caller = await assertCallerAllowed(clients.sts, where, target.profile);
  const c = io.color;
  const stacks = await findLabStacks(clients, { account: caller.account, region: target.region }, new Date());
  const doomed = stacks.filter((s) => opts.all || s.reasons.length > 0);
  io.out(c.bold(`Lab stacks in ${caller.account} / ${target.region}: ${stacks.length}, ${doomed.length} to sweep`));
  for (const s of stacks) {
    const mark = doomed.includes(s) ? c.yellow('✗') : c.green('✓');
    io.out(`  ${mark} ${s.name} (${s.lab}, ${s.status}) — ${s.reasons.join('; ') || `live until ${s.expiresAt}`}`);
  }
  if (doomed.length === 0) {
    io.out('Nothing to sweep.');
    return 0;
  }
  const approvals = new Approvals(terminalApprover(io));
  const ok = await approvals.approve(`Destroy ${doomed.length} lab stack${doomed.length === 1 ? '' : 's'} (${doomed.map((s) => s.name).join(', ')})?`);
  if (!ok) throw new LabError('E_CANCELLED', 'sweep cancelled — nothing was destroyed');
  let failed = 0;
  for (const s of doomed) {
    io.out(c.bold(`Destroying ${s.name}…`));
    try {
      await deleteStack(clients.cloudformation, s.stackId, { onEvent: (e) => io.out(eventLine(io, e)) });
      io.out(`${c.green('✓')} ${s.name} destroyed`);
    } catch (e) {
      if (!(e instanceof LabError)) throw e;
      failed++;
      io.err(`${c.red('✗')} ${e.message}`);
    }
  }
  return failed ? 1 : 0;
}
