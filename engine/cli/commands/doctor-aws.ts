// `lab doctor --target aws`: the runner's own facts, then the account's (engine/aws/doctor.ts).
import { createClients } from '../../aws/clients';
import { awsFindings } from '../../aws/doctor';
import { resolveTarget } from '../../aws/guard';
import type { Io } from '../io';
import type { AwsOptions } from './deploy';
import { resolveRoot, workspaceDirAbove } from './shared';

export async function doctorAws(io: Io, opts: AwsOptions): Promise<number> {
  const { doctor } = await import('./doctor');
  const local = await doctor(io);
  const c = io.color;
  const where = workspaceDirAbove(io.cwd) ?? resolveRoot(io);
  io.out(c.bold('aws target'));
  let findings;
  try {
    const target = await resolveTarget({ region: opts.region, profile: opts.profile, workspaceDir: where });
    findings = await awsFindings(createClients(target), { ...target, workspaceDir: where });
  } catch (e) {
    const { isLabError } = await import('../../errors');
    if (!isLabError(e)) throw e;
    const [what, fix] = e.message.split(' — ');
    findings = [{ level: 'fail' as const, what, fix }];
  }
  for (const f of findings) {
    const mark = f.level === 'ok' ? c.green('✓') : f.level === 'warn' ? c.yellow('!') : c.red('✗');
    io.out(`  ${mark} ${f.what}${f.level === 'ok' || !f.fix ? '' : ` — ${f.fix}`}`);
  }
  const bad = findings.filter((f) => f.level === 'fail').length;
  io.out(bad ? c.red(`${bad} aws problem${bad > 1 ? 's' : ''} found.`) : c.green('Ready to deploy.'));
  return bad || local ? 1 : 0;
}
