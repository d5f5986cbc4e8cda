import { describe, expect, it } from 'vitest';
import { command, escapeData, escapeProperty, githubReporter } from './github';
import { check, failingReport, makeReport, passingReport, WORKSPACE } from './test-fixtures';

const REPO = '/home/learner/repo';

describe('github reporter', () => {
  const lines = githubReporter(failingReport(), { repoRoot: REPO }).split('\n');

  it('annotates each finding of a failing check, on its line when known', () => {
    expect(lines[0]).toBe(
      '::error file=ecs-labs/iam-roles/stack.ts,line=42,col=5,title=iam.task-role-least-privilege::The task role allows s3:* on every resource.' +
        "%0Aresource: Lab/TaskRole/DefaultPolicy/Resource (TaskRoleDefaultPolicy07FC53DE)%0Ahint: Scope the statement to the bucket's ARN and the actions the app uses.",
    );
    // An absolute source-map path is made relative to the repository too.
    expect(lines[1]).toBe('::error file=ecs-labs/iam-roles/lib/roles.ts,line=7,col=3,title=iam.execution-role-separate::The task definition uses one role for both.');
    expect(lines[2]).toBe('::error title=iam.execution-role-separate::The execution role can read every secret.%0Aresource: ExecRole9A1B2C3D');
  });

  it('warns about errored checks and says nothing of skipped or passing ones', () => {
    expect(lines[3]).toBe('::warning title=observability.log-retention::could not run: check observability.log-retention crashed: Cannot read properties of undefined');
    expect(lines.join('\n')).not.toContain('ecr.scan-on-push');
    expect(lines.join('\n')).not.toContain('ecs.service-behind-listener');
  });

  it('flags failing questions and ends with a summary notice', () => {
    const questions = lines.filter((l) => l.startsWith('::error title=key question '));
    expect(questions).toHaveLength(2);
    expect(questions[1]).toBe(
      '::error title=key question blast-radius::What is the blast radius of a leaked task role?%0Achoice blast-choice: Not answered — see brief: “Trust policies” (`lab brief`).%0Areflection: 2 of the 25 words needed — say more under "Your reflection:" in answers.md',
    );
    expect(lines.at(-1)).toBe('::notice title=ecs-lab security/iam-roles::Checks 2 failed, 1 errored, 1 skipped, 1 passed (5) · Questions 1/3 passed (items 2/6 right) · Score 4/16');
    expect(lines).toHaveLength(7);
  });

  it('gives only the notice when everything passes', () => {
    expect(githubReporter(passingReport(), { repoRoot: REPO })).toBe('::notice title=ecs-lab security/iam-roles::Checks 2 passed (2) · Questions 1/1 passed (items 2/2 right) · Score 6/6');
  });

  it('leaves `file` out for a file outside the repository', () => {
    const out = githubReporter(failingReport(), { repoRoot: `${WORKSPACE}/elsewhere` });
    expect(out).not.toContain('file=');
    expect(out).toContain('::error title=iam.task-role-least-privilege::');
  });

  it('resolves a relative workspace against the current directory', () => {
    const report = makeReport([check({ id: 'a.b', status: 'fail', findings: [{ message: 'm', location: { file: 'stack.ts', line: 1, column: 1 } }] })], undefined, { workspace: 'labs/one' });
    expect(githubReporter(report, { repoRoot: process.cwd() })).toContain('::error file=labs/one/stack.ts,line=1,col=1,title=a.b::m');
  });

  it('escapes messages and properties so a message cannot end or forge a command', () => {
    const report = makeReport([
      check({ id: 'a,b:c', status: 'fail', findings: [{ message: '100% broken\r\n::error::forged', location: { file: 'we,ird:name.ts', line: 3, column: 4 } }] }),
    ]);
    const first = githubReporter(report, { repoRoot: WORKSPACE }).split('\n')[0];
    expect(first).toBe('::error file=we%2Cird%3Aname.ts,line=3,col=4,title=a%2Cb%3Ac::100%25 broken%0D%0A::error::forged');
  });
});

describe('workflow command escaping', () => {
  it('follows the rules of the Actions toolkit', () => {
    expect(escapeData('50% a\r\nb: c, d')).toBe('50%25 a%0D%0Ab: c, d');
    expect(escapeProperty('50% a\r\nb: c, d')).toBe('50%25 a%0D%0Ab%3A c%2C d');
    // % first, so an escape is not escaped twice.
    expect(escapeData('%0A')).toBe('%250A');
  });

  it('writes a command without properties', () => {
    expect(command('notice', {}, 'hi')).toBe('::notice::hi');
  });
});
