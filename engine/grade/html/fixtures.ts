// A small class for the HTML report's tests: three graded learners (one with a hostile folder name
// and a hostile reflection), one that could not be graded. Made by hand, nothing synthesized.
import { check, item, makeReport, question } from '../../report/test-fixtures';
import type { LabReport } from '../../report/types';
import { classReport, type SubmissionOutcome } from '../class-report';
import type { HtmlReportInput } from './stats';

export const LAB = 'security/iam-roles';
/** A folder name that would run script if it reached the page as HTML. */
export const HOSTILE_NAME = `class/<img src=x onerror="window.__pwned=1">"'&<script>window.__pwned=2</script>`;
export const HOSTILE_REFLECTION = `</div><script>window.__pwned=3</script><a href="https://evil.example/">click</a> The task role is the app's.`;

function learner(path: string, statuses: ('pass' | 'fail' | 'skip')[], rightItem: boolean, hints: number, reflection = 'Roles split the agent from the app.'): SubmissionOutcome {
  const ids = ['iam.task-role-least-privilege', 'iam.execution-role-separate', 'ecs.service-behind-listener'];
  const checks = statuses.map((status, i) =>
    check({
      id: ids[i],
      title: ids[i],
      status,
      findings: status === 'fail' ? [{ message: `${ids[i]} failed for this learner`, location: { file: 'stack.ts', line: 10 + i, column: 1 } }] : status === 'skip' ? [{ message: 'nothing to judge' }] : [],
    }),
  );
  const q = question({
    id: 'roles',
    title: 'Which role?',
    passed: rightItem,
    items: [item({ id: 'who-signs', passed: rightItem, points: rightItem ? 1 : 0, answer: rightItem ? 'b) The task role' : 'a) The execution role' })],
  });
  q.reflection = { ...q.reflection, text: reflection, words: reflection.split(/\s+/).length };
  const report: LabReport = makeReport(checks, [q], { hintsShown: hints });
  return { path, lab: LAB, report };
}

export function sampleInput(): HtmlReportInput {
  const outcomes: SubmissionOutcome[] = [
    learner('class/alice', ['pass', 'pass', 'pass'], true, 0),
    learner('class/bob', ['fail', 'pass', 'skip'], false, 2),
    learner(HOSTILE_NAME, ['fail', 'fail', 'pass'], true, 1, HOSTILE_REFLECTION),
    { path: 'class/dave', lab: LAB, error: 'grading took longer than 60 s and was stopped' },
  ];
  const report = classReport(outcomes, {});
  const details = new Map(outcomes.flatMap((o) => ('report' in o ? [[o.path, o.report] as const] : [])));
  const timeSpentMs = new Map([
    ['class/alice', 95 * 60_000],
    ['class/bob', 30 * 60_000],
    [HOSTILE_NAME, 5 * 60_000],
  ]);
  return { report, details, timeSpentMs, generatedAt: new Date('2026-12-01T10:00:00Z'), runnerVersion: '0.1.0' };
}
