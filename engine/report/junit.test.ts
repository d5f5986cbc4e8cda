import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { escapeXmlAttr, escapeXmlText, junitReporter } from './junit';
import { check, failingReport, item, makeReport, passingReport, question } from './test-fixtures';
import { findAll, parseXml } from './test-xml';

describe('junit reporter', () => {
  const xml = junitReporter(failingReport());
  const root = parseXml(xml);

  it('is well-formed, with one suite for checks and one for questions', () => {
    expect(root.name).toBe('testsuites');
    expect(root.children.map((s) => [s.name, s.attrs.name])).toEqual([
      ['testsuite', 'security/iam-roles checks'],
      ['testsuite', 'security/iam-roles questions'],
    ]);
  });

  it('counts tests, failures, errors and skips per suite and in total', () => {
    const [checks, questions] = root.children;
    expect(pick(checks!.attrs)).toEqual({ tests: '5', failures: '2', errors: '1', skipped: '1' });
    // A testcase per drawn item (6) and per reflection (3).
    expect(pick(questions!.attrs)).toEqual({ tests: '9', failures: '5', errors: '0', skipped: '0' });
    expect(pick(root.attrs)).toEqual({ tests: '14', failures: '7', errors: '1', skipped: '1' });
    // The counts agree with the elements inside.
    expect(findAll(root, 'testcase')).toHaveLength(14);
    expect(findAll(root, 'failure')).toHaveLength(7);
    expect(findAll(root, 'error')).toHaveLength(1);
    expect(findAll(root, 'skipped')).toHaveLength(1);
  });

  it('times in seconds', () => {
    expect(root.attrs.time).toBe('1.234');
    expect(root.children[0]!.attrs.time).toBe('0.063');
    expect(findAll(root, 'testcase')[0]!.attrs.time).toBe('0.013');
  });

  it('names each case by lab (classname) and check id + title (name)', () => {
    const failing = findAll(root, 'testcase')[1]!;
    expect(failing.attrs).toMatchObject({ classname: 'security/iam-roles', name: 'iam.task-role-least-privilege Task role is least privilege' });
    const failure = failing.children[0]!;
    expect(failure.name).toBe('failure');
    expect(failure.attrs.message).toBe('The task role allows s3:* on every resource.');
    expect(failure.text).toBe(
      [
        'The task role allows s3:* on every resource.',
        'at stack.ts:42:5',
        'resource Lab/TaskRole/DefaultPolicy/Resource (TaskRoleDefaultPolicy07FC53DE)',
        "→ Scope the statement to the bucket's ARN and the actions the app uses.",
      ].join('\n'),
    );
  });

  it('says how many more findings a failure has in its message', () => {
    expect(findAll(root, 'failure')[1]!.attrs.message).toBe('The task definition uses one role for both. (and 1 more)');
  });

  it('puts errored checks in <error> and skipped ones in <skipped>', () => {
    const cases = findAll(root, 'testcase');
    expect(cases[3]!.children.map((c) => c.name)).toEqual(['error']);
    expect(cases[4]!.children[0]).toMatchObject({ name: 'skipped', attrs: { message: 'needs the aws target' } });
    expect(cases[0]!.children).toEqual([]);
  });

  it('fails wrong items with the prompt, the answer and the feedback; reflections carry the model answer', () => {
    const cases = findAll(root.children[1]!, 'testcase');
    const wrong = cases[3]!;
    expect(wrong.attrs.name).toBe('least-privilege/managed-policy choice');
    expect(wrong.children[0]!.attrs.type).toBe('choice');
    expect(wrong.children[0]!.text).toBe(
      'Prompt of managed-policy?\nYour answer: b) Attach the AWS managed policy for the service\nA managed policy is broad by design. See brief: “Least privilege, concretely” (`lab brief`).',
    );
    const reflection = cases[2]!;
    expect(reflection.attrs.name).toBe('task-vs-execution-role/reflection Task role or execution role?');
    expect(reflection.children[0]!.name).toBe('system-out');
    expect(reflection.children[0]!.text).toContain('Model answer: Two roles, two jobs');
    expect(cases[8]!.children[0]).toMatchObject({ name: 'failure', attrs: { type: 'reflection' } });
  });

  it('leaves out the questions suite when questions were not graded', () => {
    const r = parseXml(junitReporter(makeReport([check({ id: 'a.b', status: 'pass' })])));
    expect(r.children).toHaveLength(1);
    expect(pick(r.attrs)).toEqual({ tests: '1', failures: '0', errors: '0', skipped: '0' });
  });

  it('passes cleanly', () => {
    const r = parseXml(junitReporter(passingReport()));
    expect(findAll(r, 'failure')).toHaveLength(0);
    expect(pick(r.attrs)).toEqual({ tests: '5', failures: '0', errors: '0', skipped: '0' });
  });
});

describe('junit escaping', () => {
  const nasty = `a <b> & "c" 'd' ]]> \x1b[31mred\x1b[39m \x00\x07\x0B\x1F bell\ttab\nline\r\n\uFFFF \uD800 end`;
  const report = makeReport(
    [
      check({ id: 'x.y', title: `Title with <&"'>`, status: 'fail', findings: [{ message: nasty, hint: 'use "&" <carefully>' }] }),
      check({ id: 'x.z', status: 'error', findings: [{ message: nasty }] }),
    ],
    [question({ id: 'q', title: `Q "<&>"`, passed: false, items: [item({ id: 'i', passed: false, points: 0, feedback: nasty })] })],
  );
  const xml = junitReporter(report);

  it('stays well-formed whatever the messages contain', () => {
    expect(() => parseXml(xml)).not.toThrow();
  });

  it('round-trips <&"\' and whitespace through attributes and text', () => {
    const root = parseXml(xml);
    const [fail] = findAll(root, 'failure');
    expect(findAll(root, 'testcase')[0]!.attrs.name).toBe(`x.y Title with <&"'>`);
    const expected = `a <b> & "c" 'd' ]]> red \\x00\\x07\\x0B\\x1F bell\ttab\nline\r\n\uFFFD \uFFFD end`;
    expect(fail!.attrs.message).toBe(expected);
    // CR is written as a reference in text too; a literal one would be read back as LF.
    expect(fail!.text).toBe(`${expected}\n→ use "&" <carefully>`);
  });

  it('writes forbidden control characters as visible text and drops terminal colours', () => {
    expect(escapeXmlText('\x00\x1b[1mbold\x1b[22m\x08')).toBe('\\x00bold\\x08');
    expect(escapeXmlText('ok\ttab\nnewline')).toBe('ok\ttab\nnewline');
    expect(escapeXmlAttr('<&"\'>\t\n')).toBe('&lt;&amp;&quot;&apos;&gt;&#9;&#10;');
    expect(escapeXmlText('\r')).toBe('&#13;');
    // Surrogate pairs (emoji) are characters and stay.
    expect(escapeXmlText('ok 🚀')).toBe('ok 🚀');
  });

  // A second opinion from expat (through Python) where it is installed.
  const python = spawnSync('python3', ['--version']).status === 0;
  it.skipIf(!python)('is accepted by expat', () => {
    for (const doc of [xml, junitReporter(failingReport())]) {
      const run = spawnSync('python3', ['-c', 'import sys, xml.dom.minidom as m; m.parseString(sys.stdin.buffer.read())'], { input: doc });
      expect(run.stderr.toString()).toBe('');
      expect(run.status).toBe(0);
    }
  });
});

describe('the test XML reader rejects what is not well-formed', () => {
  it.each([
    ['<a><b></a></b>'],
    ['<a>x & y</a>'],
    ['<a b="1" b="2"/>'],
    ['<a>\x01</a>'],
    ['<a>&#1;</a>'],
    ['<a/><b/>'],
    ['<a>'],
  ])('%j', (doc) => {
    expect(() => parseXml(doc)).toThrow();
  });
});

function pick(attrs: Record<string, string>) {
  const { tests, failures, errors, skipped } = attrs;
  return { tests, failures, errors, skipped };
}
