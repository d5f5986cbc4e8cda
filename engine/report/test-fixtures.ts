// LabReport fixtures for the reporter tests: made by hand, so the reporters are tested without
// synthesizing anything. Summaries are counted from the parts, as the grader does.
import type { CheckResult } from '../types';
import { REPORT_SCHEMA, type ItemGrade, type LabReport, type QuestionGrade } from './types';

export const WORKSPACE = '/home/learner/repo/ecs-labs/iam-roles';

export function check(over: Partial<CheckResult> & Pick<CheckResult, 'id' | 'status'>): CheckResult {
  const { id, status, ...rest } = over;
  // Keys in the order the runner writes them, so printed examples read naturally.
  return { id, title: id, severity: 'high', status, findings: [], durationMs: 12.5, ...rest };
}

/** A right choice item; override to make it wrong. */
export function item(over: Partial<ItemGrade> & Pick<ItemGrade, 'id'>): ItemGrade {
  const { id, ...rest } = over;
  return {
    id,
    kind: 'choice',
    prompt: `Prompt of ${id}?`,
    answer: 'b) The task role',
    passed: true,
    points: 1,
    maxPoints: 1,
    feedback: "Your code's calls are signed with the task role.",
    teaches: 'brief#who-uses-which-role',
    ...rest,
  };
}

export const REFLECTION_TEXT =
  'The execution role is the agent’s, to pull the image, write logs and fetch secrets; the task role is the app’s own identity for its AWS calls, each with only what that job needs.';

export function question(over: Partial<QuestionGrade> & Pick<QuestionGrade, 'id'>): QuestionGrade {
  const { id, ...rest } = over;
  const items = rest.items ?? [item({ id: `${id}-a` }), item({ id: `${id}-b`, kind: 'exact', answer: '443', feedback: 'HTTPS is served on 443.' })];
  return {
    id,
    title: id,
    passed: true,
    points: items.reduce((s, i) => s + i.points, 0),
    maxPoints: items.reduce((s, i) => s + i.maxPoints, 0),
    items,
    reflection: {
      prompt: 'What is each role for?',
      text: REFLECTION_TEXT,
      words: 33,
      present: true,
      modelAnswer: 'Two roles, two jobs: the agent’s execution role and the app’s task role.',
      selfCheck: ['Did you say who uses each role?', 'Did you say when?', 'Did you say how each stays small?'],
    },
    ...rest,
  };
}

/** The right option of the wrong choice item below: no reporter may show it. */
export const HIDDEN_RIGHT_OPTION = 'Scope each statement to named resources';
export const HIDDEN_RIGHT_EXPLANATION = 'Named resources and actions are least privilege.';
export const HIDDEN_RIGHT_VALUE = '10.0.0.0/16';

export function makeReport(checks: CheckResult[], questions?: QuestionGrade[], over: Partial<LabReport> = {}): LabReport {
  const count = (s: CheckResult['status']) => checks.filter((c) => c.status === s).length;
  const checkPoints = count('pass') * 2;
  const qs = questions ?? [];
  const items = qs.flatMap((q) => q.items);
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
      items: { passed: items.filter((i) => i.passed).length, total: items.length },
    },
    passed: checks.every((c) => c.status === 'pass') && questions !== undefined && qs.every((q) => q.passed),
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
        items: [
          item({
            id: 'managed-policy',
            passed: false,
            points: 0,
            answer: 'b) Attach the AWS managed policy for the service',
            feedback: 'A managed policy is broad by design. See brief: “Least privilege, concretely” (`lab brief`).',
          }),
          item({ id: 'vpc-cidr', kind: 'exact', passed: false, points: 0, answer: '10.0.0.0/24', feedback: 'Not the expected value. See brief: “Least privilege, concretely” (`lab brief`).' }),
          item({
            id: 'task-role-evidence',
            kind: 'evidence',
            answer: undefined,
            passed: false,
            points: 0,
            feedback: 'Your stack does not pass “Task role is least privilege” yet. See brief: “Least privilege, concretely” (`lab brief`).',
            check: { id: 'iam.task-role-least-privilege', title: 'Task role is least privilege', status: 'fail' },
          }),
        ],
        points: 0,
        maxPoints: 3,
      }),
      question({
        id: 'blast-radius',
        title: 'What is the blast radius of a leaked task role?',
        passed: false,
        items: [item({ id: 'blast-choice', answer: undefined, passed: false, points: 0, feedback: 'Not answered — see brief: “Trust policies” (`lab brief`).' })],
        points: 0,
        maxPoints: 1,
        reflection: { prompt: 'What could an attacker do?', text: 'Not much.', words: 2, present: false, selfCheck: ['Did you name what the role can reach?', 'Did you say how to shrink it?', 'Did you name a detection?'] },
      }),
    ],
  );
}
