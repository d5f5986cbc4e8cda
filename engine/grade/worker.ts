// One grading worker: a `lab __grading-worker` process that `lab grade` keeps for a pool slot and
// hands one submission at a time (workers.ts is the other end). For each it does what
// `lab check --lab <id> --json` does (checkedReport): the learner's app is synthesized in a fresh,
// isolated child process of its own, and this process reads the assembly it leaves and judges it.
//
// Reusing this process across submissions is safe because no learner code ever runs in it: it
// holds only the runner's own code and what it loaded for the checks (the action catalogue,
// compiled modules), which is why a class grades several times faster than one process per
// submission. What a submission can make it do is bounded by the parent: a deadline after which
// the whole process group is killed and a heap limit, each costing only the submission graded.
import { LabError } from '../errors';
import { checkedReport } from '../grading/check-workspace';
import { TypeChecker, type DiagnosticsSource, type TypeDiagnostic } from '../synth/typecheck';
import { openPinnedWorkspace } from '../workspace/identity';
import { ensureEditorSupport } from '../workspace/workspace';
import type { LabReport } from '../report/types';

export interface GradeJob {
  type: 'grade';
  id: number;
  dir: string;
  lab: string;
  /** The app's synthesis limit, as `lab check --timeout`. */
  timeoutMs: number;
  /** The type check, made by the parent's shared compiler; absent: this process runs the compiler. */
  diagnostics?: TypeDiagnostic[];
}

export type JobOutcome = { kind: 'report'; report: LabReport } | { kind: 'error'; message: string; code?: string };

export interface JobDone {
  type: 'done';
  id: number;
  outcome: JobOutcome;
}

/** Diagnostics already known: the parent's compiler made them. */
class GivenDiagnostics implements DiagnosticsSource {
  constructor(private readonly given: TypeDiagnostic[]) {}
  diagnostics(): Promise<TypeDiagnostic[]> {
    return Promise.resolve(this.given);
  }
  close(): void {}
}

/** Grades one submission as `lab check --lab <id> --json` would; input errors come back as messages. */
export async function gradeJob(job: GradeJob): Promise<JobOutcome> {
  try {
    const { workspace, ephemeral } = openPinnedWorkspace(job.dir, job.lab);
    if (!ephemeral) ensureEditorSupport(workspace.dir);
    const checker = job.diagnostics ? new TypeChecker(undefined, new GivenDiagnostics(job.diagnostics)) : undefined;
    const report = await checkedReport(workspace, { limits: { timeoutMs: job.timeoutMs }, questions: true, record: !ephemeral, pinned: true, checker });
    return { kind: 'report', report };
  } catch (e) {
    if (e instanceof LabError) return { kind: 'error', message: e.message, code: e.code };
    return { kind: 'error', message: `the grader failed on this submission (a bug in ecs-lab): ${(e as Error)?.message ?? String(e)}`, code: 'E_BUG' };
  }
}

/** The worker's loop: a job at a time from the parent, until the parent closes the channel. */
export function serveGradingJobs(): Promise<number> {
  const send = process.send?.bind(process);
  if (!send) throw new LabError('E_USAGE', 'the grading worker is started by `lab grade`, not by hand');
  return new Promise((resolve) => {
    process.on('message', (m: GradeJob) => {
      if (m?.type !== 'grade') return;
      void gradeJob(m).then((outcome) => send({ type: 'done', id: m.id, outcome } satisfies JobDone));
    });
    process.on('disconnect', () => resolve(0));
    send({ type: 'ready' });
  });
}
