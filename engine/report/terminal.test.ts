import { describe, expect, it } from 'vitest';
import { terminalReporter } from './terminal';
import { WORKSPACE, check, failingReport, item, makeReport, passingReport, question } from './test-fixtures';

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
      'Questions 1/3 passed (items 2/6 right) · 1.2s',
      "Score 4/16: checks 1 of 5 points · questions 2 of 6 (each item's points beside",
      'its question) · 8 left: 4 in 4 checks, 4 in 4 items · 1 reflection to write (no',
      'points, but needed to pass).',
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
    expect(text).toContain('… and 2 more findings (`lab check --all` shows them all)');
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

describe('terminal reporter, the learner loop', () => {
  const role = { constructPath: 'Lab/AppRole/Resource', logicalId: 'AppRole1', location: { file: 'stack.ts', line: 68, column: 21 }, hint: 'Detach it.' };
  const admin = (service: string) => ({ ...role, message: `task role AppRole can ${service}:Put on ${service}: allowed by statement #1 of AWS managed policy AdministratorAccess` });
  const services = ['s3', 'ec2', 'iam', 'kms', 'sqs'];
  const report = () =>
    makeReport([
      check({ id: 'iam.a', status: 'fail', findings: services.map(admin) }),
      check({ id: 'iam.b', status: 'fail', findings: [...services.map(admin), { message: 'role trusted by the account' }] }),
    ]);

  it('shows findings of one cause once, with what they imply, and refers back to it', () => {
    const text = terminalReporter(report(), { width: 200 });
    expect(text).toContain('◆ AWS managed policy AdministratorAccess on AppRole → 10 findings in 2 checks: one cause, fix it once');
    expect(text).toContain('AppRole can use ec2, iam, kms, s3, sqs');
    expect(text).toContain('here 5 · iam.b 5');
    expect(text).toContain('◆ AWS managed policy AdministratorAccess on AppRole (the cause above) → 5 findings here');
    expect(text).not.toContain('can s3:Put');
    // The finding of another cause is still shown in full.
    expect(text).toContain('role trusted by the account');
  });

  it('expands every finding with --all', () => {
    const text = terminalReporter(report(), { width: 200, expand: true });
    expect(text).not.toContain('◆');
    expect(text.match(/can s3:Put/g)).toHaveLength(2);
    expect(text).not.toContain('more finding');
  });

  it('prints locations relative to the current directory', () => {
    const text = terminalReporter(report(), { width: 200, cwd: '/home/learner/repo' });
    expect(text).toContain('at ecs-labs/iam-roles/stack.ts:68:21');
    expect(terminalReporter(report(), { width: 200, cwd: WORKSPACE })).toContain('at stack.ts:68:21');
  });

  it("shows a failing check's doc links, as OSC 8 hyperlinks when asked", () => {
    const url = 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html';
    const docLinks = (id: string) => (id === 'iam.a' ? [url] : []);
    expect(terminalReporter(report(), { width: 60, docLinks }).split('\n')).toContain(`   docs ${url}`);
    expect(terminalReporter(report(), { width: 60, docLinks, hyperlinks: true })).toContain(`\x1b]8;;${url}\x1b\\${url}\x1b]8;;\x1b\\`);
  });

  it('explains the score: points per check, per item, and what is left', () => {
    const r = makeReport([check({ id: 'iam.a', status: 'pass' }), check({ id: 'iam.b', status: 'fail', findings: [{ message: 'x' }] })], [question({ id: 'q', passed: false, items: [item({ id: 'q-a' }), item({ id: 'q-b', passed: false, points: 0, maxPoints: 2 })] })]);
    const text = terminalReporter(r, { width: 300, checkPoints: { 'iam.a': 1, 'iam.b': 3 } });
    expect(text).toContain(' ✓ iam.a  iam.a · 1/1');
    expect(text).toContain(' ✗ iam.b  iam.b · 0/3');
    expect(text).toContain(
      "Score 3/7: checks 1 of 4 points (each check's points beside it) · questions 1 of 3 (each item's points beside its question) · 5 left: 3 in 1 check, 2 in 1 item.",
    );
  });

  it('dims CDK warnings, shows them once per watch session, and never says "run `lab check` again" in watch mode', () => {
    const cdk = "Lab/Service: minHealthyPercent has not been configured so the default value of 50% is used. [ack: @aws-cdk/aws-ecs:minHealthyPercent]";
    const r = makeReport([check({ id: 'iam.b', status: 'fail', findings: [{ message: 'x' }] })], undefined, { warnings: [cdk, 'answers.md: q2 appears twice'] });
    const first = terminalReporter(r, { width: 300 });
    expect(first).toContain('warning: answers.md: q2 appears twice');
    expect(first).toContain(`CDK says (advice, not part of the grade):\n  · ${cdk}`);
    expect(first).not.toContain(`warning: ${cdk}`);
    const again = terminalReporter(r, { width: 300, watch: true, seenWarnings: new Set([cdk]) });
    expect(again).not.toContain('minHealthyPercent');
    expect(again).toContain('1 CDK warning as before (not graded; `lab check -v` shows them)');
    expect(again).toContain('Fix the first failure (iam.b) and save, or `lab hint` for a nudge.');
    expect(again).not.toContain('run `lab check` again');
    expect(terminalReporter(r, { width: 300, watch: true, seenWarnings: new Set([cdk]), expand: true })).toContain(`  · ${cdk}`);
    // At 80 columns each is one line, cut; -v shows it whole.
    expect(terminalReporter(r, { width: 80 })).toContain('  · Lab/Service: minHealthyPercent has not been configured so the default value…');
    expect(terminalReporter(r, { width: 80, expand: true })).toContain('@aws-cdk/aws-ecs:minHealthyPercent]');
  });
});
