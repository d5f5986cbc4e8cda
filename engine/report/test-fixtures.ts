// LabReport fixtures for the reporter tests: made by hand, so the reporters are tested without
// synthesizing anything. Summaries are counted from the parts, as the grader does.
import type { CheckResult } from '../types';
import { REPORT_SCHEMA, type LabReport, type QuestionGrade } from './types';

export const WORKSPACE = '/home/learner/repo/ecs-labs/iam-roles';

export function check(over: Partial<CheckResult> & Pick<CheckResult, 'id' | 'status'>): CheckResult {
  const { id, status, ...rest } = over;
  // Keys in the order the runner writes them, so printed examples read naturally.
  return { id, title: id, severity: 'high', status, findings: [], durationMs: 12.5, ...rest };
}

export function question(over: Partial<QuestionGrade> & Pick<QuestionGrade, 'id'>): QuestionGrade {
  const { id, ...rest } = over;
  return {
    id,
    title: id,
    passed: true,
    points: 2,
    maxPoints: 2,
    choice: { answered: 'a', correct: 'a', passed: true, explanation: 'Right.' },
    open: { answered: true, passed: true, concepts: [{ concept: 'x', found: true }], missing: [], minConcepts: 1 },
    ...rest,
  };
}

export function makeReport(checks: CheckResult[], questions?: QuestionGrade[], over: Partial<LabReport> = {}): LabReport {
  const count = (s: CheckResult['status']) => checks.filter((c) => c.status === s).length;
  const checkPoints = count('pass') * 2;
  const qs = questions ?? [];
  return {
    schema: REPORT_SCHEMA,
    lab: { id: 'security/iam-roles', title: 'IAM roles for tasks', layer: 'security' },
    target: 'offline',
    workspace: WORKSPACE,
    checks,
    ...(questions ? { questions } : {}),
    score: {
      points: checkPoints + qs.reduce((s, q) => s + q.points, 0),
      maxPoints: checks.length * 2 + qs.reduce((s, q) => s + q.maxPoints, 0),
    },
    summary: {
      checks: { passed: count('pass'), failed: count('fail'), errored: count('error'), skipped: count('skip'), total: checks.length },
      questions: { passed: qs.filter((q) => q.passed).length, total: qs.length },
    },
    passed: checks.every((c) => c.status === 'pass') && qs.every((q) => q.passed),
    warnings: [],
    durationMs: 1234,
    ...over,
  };
}

export function passingReport(): LabReport {
  return makeReport(
    [
      check({ id: 'ecs.service-behind-listener', title: 'Service runs behind the listener', status: 'pass' }),
      check({ id: 'iam.task-role-least-privilege', title: 'Task role is least privilege', severity: 'critical', status: 'pass' }),
    ],
    [question({ id: 'task-vs-execution-role', title: 'Task role or execution role?' })],
  );
}

/** Every kind of trouble at once: failures with and without locations, an error, a skip, wrong answers. */
export function failingReport(): LabReport {
  return makeReport(
    [
      check({ id: 'ecs.service-behind-listener', title: 'Service runs behind the listener', status: 'pass' }),
      check({
        id: 'iam.task-role-least-privilege',
        title: 'Task role is least privilege',
        severity: 'critical',
        status: 'fail',
        findings: [
          {
            message: 'The task role allows s3:* on every resource.',
            logicalId: 'TaskRoleDefaultPolicy07FC53DE',
            constructPath: 'Lab/TaskRole/DefaultPolicy/Resource',
            location: { file: 'stack.ts', line: 42, column: 5 },
            hint: "Scope the statement to the bucket's ARN and the actions the app uses.",
          },
        ],
      }),
      check({
        id: 'iam.execution-role-separate',
        title: 'Execution role is not the task role',
        status: 'fail',
        findings: [
          // Source maps give absolute paths; the reporters show them relative to the workspace.
          { message: 'The task definition uses one role for both.', location: { file: `${WORKSPACE}/lib/roles.ts`, line: 7, column: 3 } },
          { message: 'The execution role can read every secret.', logicalId: 'ExecRole9A1B2C3D' },
        ],
      }),
      check({
        id: 'observability.log-retention',
        title: 'Logs are retained',
        status: 'error',
        findings: [{ message: 'check observability.log-retention crashed: Cannot read properties of undefined' }],
      }),
      check({ id: 'ecr.scan-on-push', title: 'Images are scanned on push', status: 'skip', findings: [{ message: 'needs the aws target' }] }),
    ],
    [
      question({ id: 'task-vs-execution-role', title: 'Task role or execution role?' }),
      question({
        id: 'least-privilege',
        title: 'What does least privilege mean here?',
        passed: false,
        points: 0,
        choice: { answered: 'b', correct: 'c', passed: false, explanation: 'A managed policy is broad by design.' },
        open: {
          answered: true,
          passed: false,
          concepts: [
            { concept: 'scoped resources', found: false },
            { concept: 'only the actions used', found: true },
            { concept: 'condition keys', found: false },
          ],
          missing: ['scoped resources', 'condition keys'],
          minConcepts: 2,
        },
      }),
      question({
        id: 'blast-radius',
        title: 'What is the blast radius of a leaked task role?',
        passed: false,
        points: 0,
        choice: { correct: 'a', passed: false, explanation: 'The correct explanation, not to be shown.' },
        open: { answered: false, passed: false, concepts: [{ concept: 'what the role can reach', found: false }], missing: ['what the role can reach'], minConcepts: 1 },
      }),
    ],
  );
}
