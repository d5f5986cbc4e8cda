import { describe, expect, it } from 'vitest';
import { terminalReporter } from './terminal';
import { check, failingReport, makeReport, passingReport, question } from './test-fixtures';

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[/;

describe('terminal reporter, plain', () => {
  it('renders a failing report: checks with findings, questions, summary, next step', () => {
    expect(terminalReporter(failingReport(), { width: 80 }).split('\n')).toEqual([
      'IAM roles for tasks  security/iam-roles · offline',
      '',
      ' ✓ Service runs behind the listener  ecs.service-behind-listener',
      ' ✗ Task role is least privilege  iam.task-role-least-privilege',
      '   The task role allows s3:* on every resource.',
      '     at stack.ts:42:5',
      '     resource Lab/TaskRole/DefaultPolicy/Resource (TaskRoleDefaultPolicy07FC53DE)',
      "     → Scope the statement to the bucket's ARN and the actions the app uses.",
      ' ✗ Execution role is not the task role  iam.execution-role-separate',
      '   The task definition uses one role for both.',
      '     at lib/roles.ts:7:3',
      '   The execution role can read every secret.',
      '     resource ExecRole9A1B2C3D',
      ' ! Logs are retained  observability.log-retention',
      '   check observability.log-retention crashed: Cannot read properties of',
      '   undefined',
      ' - Images are scanned on push  ecr.scan-on-push',
      '   skipped: needs the aws target',
      '',
      'Questions',
      ' ✓ Task role or execution role?  task-vs-execution-role · 2/2',
      '   ✓ choice  task-vs-execution-role-a',
      '   ✓ short answer  task-vs-execution-role-b',
      '   reflection: written (33 words) — compare it with the model answer',
      '     model answer: Two roles, two jobs: the agent’s execution role and the app’s',
      '     task role.',
      '     □ Did you say who uses each role?',
      '     □ Did you say when?',
      '     □ Did you say how each stays small?',
      ' ✗ What does least privilege mean here?  least-privilege · 0/3',
      '   ✗ choice  managed-policy',
      '     Prompt of managed-policy?',
      '     your answer: b) Attach the AWS managed policy for the service',
      '     → A managed policy is broad by design. See brief: “Least privilege,',
      '     concretely” (`lab brief`).',
      '   ✗ short answer  vpc-cidr',
      '     Prompt of vpc-cidr?',
      '     your answer: 10.0.0.0/24',
      '     → Not the expected value. See brief: “Least privilege, concretely” (`lab',
      '     brief`).',
      '   ✗ evidence  task-role-evidence',
      '     Prompt of task-role-evidence?',
      '     → Your stack does not pass “Task role is least privilege” yet. See brief:',
      '     “Least privilege, concretely” (`lab brief`).',
      '   reflection: written (33 words) — compare it with the model answer',
      '     model answer: Two roles, two jobs: the agent’s execution role and the app’s',
      '     task role.',
      '     □ Did you say who uses each role?',
      '     □ Did you say when?',
      '     □ Did you say how each stays small?',
      ' ✗ What is the blast radius of a leaked task role?  blast-radius · 0/1',
      '   ✗ choice  blast-choice',
      '     Prompt of blast-choice?',
      '     your answer: not answered',
      '     → Not answered — see brief: “Trust policies” (`lab brief`).',
      '   reflection: 2 of the 25 words needed — say more under "Your reflection:" in',
      '   answers.md',
      '',
      'Checks 2 failed, 1 errored, 1 skipped, 1 passed (5)',
      'Questions 1/3 passed (items 2/6 right) · Score 4/16 · 1.2s',
      'Fix the first failure (iam.task-role-least-privilege) and run `lab check` again,',
      'or `lab hint` for a nudge.',
    ]);
  });


  it('congratulates and points on when everything passes', () => {
    const lines = terminalReporter(passingReport(), { width: 100 }).split('\n');
    expect(lines.slice(-3)).toEqual([
      'Checks 2 passed (2) · Questions 1/1 passed (items 2/2 right) · Score 6/6 · 1.2s',
      'All checks and questions pass. Well done! Run `lab status` for your progress, or `lab list` to pick',
      'the next lab.',
    ]);
    expect(lines.filter((l) => l.startsWith(' ✓'))).toHaveLength(3);
    expect(lines).toContain('     model answer: Two roles, two jobs: the agent’s execution role and the app’s task role.');
  });

  it('shows the first failure within the first screen for a lab of eight checks', () => {
    const checks = Array.from({ length: 8 }, (_, i) => check({ id: `ecs.check-${i}`, status: i === 6 ? 'fail' : 'pass', findings: i === 6 ? [{ message: 'broken', hint: 'fix it' }] : [] }));
    const lines = terminalReporter(makeReport(checks, []), { width: 80 }).split('\n');
    expect(lines.indexOf('   broken')).toBeGreaterThan(0);
    expect(lines.indexOf('   broken')).toBeLessThan(12);
    expect(lines.length).toBeLessThan(20);
  });

  it('says questions were not graded when they are absent, and lists no questions', () => {
    const out = terminalReporter(makeReport([check({ id: 'a.b', status: 'pass' })]));
    expect(out).not.toContain('\nQuestions');
    expect(out).toContain('Questions not graded');
  });

  it('asks for answers when only questions fail', () => {
    const report = makeReport([check({ id: 'a.b', status: 'pass' })], [question({ id: 'q', passed: false })]);
    expect(terminalReporter(report, { width: 200 })).toMatch(/Answer the key questions \(`lab quiz`, or answers\.md\) and run `lab check` again\.$/);
  });

  it('says a lab checked with --no-questions is not complete', () => {
    const out = terminalReporter(makeReport([check({ id: 'a.b', status: 'pass' })]), { width: 200 });
    expect(out).toMatch(/the key questions were not graded \(--no-questions\), so the lab is not complete/);
  });

  it('prints warnings before the summary', () => {
    const out = terminalReporter(makeReport([check({ id: 'a.b', status: 'pass' })], undefined, { warnings: ['answers.md: question q2 appears twice'] }));
    expect(out).toContain('\nwarning: answers.md: question q2 appears twice\n\nChecks 1 passed (1)');
  });

  it('has no ANSI codes without colour, and some with', () => {
    expect(terminalReporter(failingReport())).not.toMatch(ANSI);
    const coloured = terminalReporter(failingReport(), { color: true });
    expect(coloured).toMatch(ANSI);
    expect(coloured).toContain('\x1b[31m✗\x1b[39m');
  });
});

describe('terminal reporter, long failures', () => {
  const many = check({
    id: 'iam.x',
    status: 'fail',
    findings: Array.from({ length: 5 }, (_, i) => ({ message: `finding number ${i + 1}`, logicalId: `R${i}` })),
  });

  it('shows the first three findings of a check and counts the rest', () => {
    const text = terminalReporter(makeReport([many]), { width: 80 });
    expect(text).toContain('finding number 3');
    expect(text).not.toContain('finding number 4');
    expect(text).toContain('… and 2 more findings (`lab check --json` lists them all)');
  });

  it('shows them all when asked', () => {
    const text = terminalReporter(makeReport([many]), { width: 80, maxFindings: 10 });
    expect(text).toContain('finding number 5');
    expect(text).not.toContain('more finding');
  });
});

describe('terminal reporter, faults', () => {
  const fault = {
    check: 'resilience.survives-az-outage',
    experiment: 'az-outage' as const,
    target: 'Web/Service',
    availability: 0.99991,
    worstErrorRate: 0.02,
    recoverySeconds: 15,
    passed: true,
    events: [],
    before: { availability: 0.921, worstErrorRate: 1, recoverySeconds: null },
  };

  it('shows a resilience check’s replay under it, before → after', () => {
    const report = makeReport([check({ id: 'resilience.survives-az-outage', status: 'pass' })], [], { faults: [fault] });
    const lines = terminalReporter(report, { width: 200 }).split('\n');
    const at = lines.findIndex((l) => l.includes('resilience.survives-az-outage'));
    expect(lines[at + 1]).toBe('   ⚡ replayed az-outage on Web/Service: 92.1 % served, never recovered → 99.99 % served, recovered in 15 s');
  });

  it('shows no before when the break-time replay is unknown (a pinned CI check)', () => {
    const { before: _, ...noBefore } = fault;
    const report = makeReport([check({ id: 'resilience.survives-az-outage', status: 'fail', findings: [{ message: 'lost' }] })], [], {
      faults: [{ ...noBefore, passed: false, worstErrorRate: 0, recoverySeconds: 0 }],
    });
    const text = terminalReporter(report, { width: 200 });
    expect(text).toContain('⚡ replayed az-outage on Web/Service: 99.99 % served, no errors');
    expect(text).not.toContain('→ 99.99');
  });
});
