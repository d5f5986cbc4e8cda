import { describe, expect, it } from 'vitest';
import { LabError } from '../errors';
import { answersTemplate, parseAnswers, writeAnswers, type Answers } from './answers-file';
import { GOOD_OPEN, openPorts, questions, taskRole } from './fixtures';

const template = answersTemplate('IAM roles', questions);

/** The template with the task-role section's Choice line and answer replaced. */
function withTaskRole(choiceLine: string, answer = '') {
  return template.replace('Choice: \n', `${choiceLine}\n`).replace('Your answer:\n', `Your answer:\n${answer}\n`);
}

function answersError(fn: () => unknown): LabError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(LabError);
    const err = e as LabError;
    expect(err.code).toBe('E_ANSWERS');
    expect(err.message).not.toContain('\n');
    return err;
  }
  throw new Error('expected an E_ANSWERS error');
}

describe('answersTemplate', () => {
  it('has exactly the documented format', () => {
    expect(answersTemplate('IAM roles', [openPorts])).toBe(
      [
        '<!-- ecs-lab answers for IAM roles. Keep each "## id" heading. Grade with: lab check -->',
        '# Key questions — IAM roles',
        '',
        '## open-ports',
        '**Who may reach the tasks?**',
        '',
        'Which source should the service security group allow?',
        '- a) The load balancer security group',
        '- b) 0.0.0.0/0',
        '',
        'Choice: ',
        '',
        'Why not allow 0.0.0.0/0 on the task port?',
        '',
        'Your answer:',
        '',
        '',
      ].join('\n'),
    );
  });

  it('reads back as unanswered with no problems', () => {
    expect(parseAnswers(template, questions)).toEqual({ answers: { 'task-role': { open: '' }, 'open-ports': { open: '' } }, problems: [] });
  });
});

describe('parseAnswers: tolerant reading', () => {
  it.each(['Choice: b', '**Choice:** b', '**Choice**: b', 'choice: B', 'Choice: b)', 'Choice:    b   ', 'Choice: (b)', '- Choice: b', 'CHOICE : b. the task role', 'Choice: **b**'])(
    '%j reads as b',
    (line) => {
      expect(parseAnswers(withTaskRole(line), questions).answers['task-role'].choice).toBe('b');
    },
  );

  it('reads the open answer up to the next heading, keeping paragraphs', () => {
    const md = withTaskRole('Choice: b', 'First paragraph.\n\nSecond paragraph,\n  indented line.   \n\n\n');
    expect(parseAnswers(md, questions).answers['task-role']).toEqual({ choice: 'b', open: 'First paragraph.\n\nSecond paragraph,\n  indented line.' });
  });

  it('takes an answer written on the Your answer line itself, in bold or not', () => {
    const md = template.replace('Your answer:\n', '**Your answer:** It is the task role.\nAnd more.\n');
    expect(parseAnswers(md, questions).answers['task-role'].open).toBe('It is the task role.\nAnd more.');
  });

  it('ignores HTML comments, inline and across lines', () => {
    const md = withTaskRole('Choice: b <!-- was a -->', 'Kept <!-- dropped --> text.\n<!--\n## not-a-heading\n-->\nLast line.');
    expect(parseAnswers(md, questions).answers['task-role']).toEqual({ choice: 'b', open: 'Kept  text.\nLast line.' });
  });

  it('reads headings in code blocks and Choice lines below "Your answer:" as answer text', () => {
    const answer = 'Like this:\n```sh\n## not-a-heading\n```\nChoice: a is wrong because…';
    const md = withTaskRole('Choice: b', answer);
    expect(parseAnswers(md, questions).answers['task-role']).toEqual({ choice: 'b', open: answer });
  });

  it('accepts a heading id in backticks or any case, and ### subheadings inside answers', () => {
    const md = template.replace('## task-role', '## `Task-Role`').replace('Your answer:\n', 'Your answer:\n### Why\nBecause.\n');
    expect(parseAnswers(md, questions).answers['task-role'].open).toBe('### Why\nBecause.');
  });

  it('reads CRLF files and ignores a byte order mark', () => {
    const md = '\uFEFF' + withTaskRole('Choice: c', 'Line one.\nLine two.').replace(/\n/g, '\r\n');
    expect(parseAnswers(md, questions).answers['task-role']).toEqual({ choice: 'c', open: 'Line one.\nLine two.' });
  });

  it('reads an empty file as all unanswered, without problems', () => {
    expect(parseAnswers('', questions)).toEqual({ answers: { 'task-role': { open: '' }, 'open-ports': { open: '' } }, problems: [] });
  });

  it('reads a missing section as unanswered and says so', () => {
    const md = '## open-ports\nChoice: a\nYour answer: least privilege.\n';
    const r = parseAnswers(md, questions);
    expect(r.answers['task-role']).toEqual({ open: '' });
    expect(r.answers['open-ports']).toEqual({ choice: 'a', open: 'least privilege.' });
    expect(r.problems).toEqual(['answers.md: no "## task-role" section — that question counts as unanswered; add the section or run `lab quiz`']);
  });

  it('grades the text under the heading when "Your answer:" is gone, skipping the template lines', () => {
    const md = template.replace('Your answer:\n', 'The task role is for the app.\n');
    const r = parseAnswers(md, questions);
    expect(r.answers['task-role'].open).toBe('The task role is for the app.');
    expect(r.problems).toEqual(['answers.md:4: ## task-role has no "Your answer:" line — the text under the heading was graded; put the line back above your answer']);
  });

  it('warns about text above "Your answer:" and does not grade it', () => {
    const md = template.replace('What is each of the two roles for?\n', 'What is each of the two roles for?\nI wrote here by mistake.\n');
    const r = parseAnswers(md, questions);
    expect(r.answers['task-role'].open).toBe('');
    expect(r.problems).toEqual(['answers.md:15: text above "Your answer:" in ## task-role is not graded — move it below that line']);
  });

  it('warns about a code block that is never closed', () => {
    const r = parseAnswers(withTaskRole('Choice: b', '```\nunclosed'), questions);
    expect(r.problems[0]).toMatch(/^answers\.md:17: a code block \(```\) is never closed/);
  });
});

describe('parseAnswers: errors name the line', () => {
  it('an unknown heading, suggesting the closest id', () => {
    const err = answersError(() => parseAnswers(template.replace('## open-ports', '## open-port'), questions));
    expect(err.message).toBe('answers.md:18: "## open-port" is not a question of this lab — did you mean "## open-ports"? Rename the heading');
  });

  it('an unknown heading that contains an id, suggesting that id', () => {
    const err = answersError(() => parseAnswers(template.replace('## task-role', '## task-role (my answer)'), questions));
    expect(err.message).toMatch(/:4: "## task-role \(my answer\)" is not a question of this lab — did you mean "## task-role"\?/);
  });

  it('an unknown heading far from every id, listing the ids', () => {
    const err = answersError(() => parseAnswers(template + '\n## Notes\nmine\n', questions, { file: 'ws/answers.md' }));
    expect(err.message).toBe('ws/answers.md:32: "## Notes" is not a question of this lab — use one of: ## task-role, ## open-ports');
  });

  it('the same id twice, naming both lines', () => {
    const err = answersError(() => parseAnswers(template + '## task-role\nYour answer: again\n', questions));
    expect(err.message).toBe('answers.md:31: "## task-role" appears twice (the first is line 4) — keep one section per question');
  });

  it('a choice letter that is not an option, listing the letters', () => {
    const err = answersError(() => parseAnswers(withTaskRole('Choice: d'), questions));
    expect(err.message).toBe('answers.md:12: choice "d" is not an option of task-role — write one letter after "Choice:": a, b, c');
  });

  it('a choice that is not a letter', () => {
    expect(answersError(() => parseAnswers(withTaskRole('Choice: the task role'), questions)).message).toMatch(/:12: choice "the task role" is not an option/);
  });

  it('two Choice lines in one section', () => {
    const md = withTaskRole('Choice: b\nChoice: a');
    expect(answersError(() => parseAnswers(md, questions)).message).toBe('answers.md:13: task-role has a second "Choice:" line (the first is line 12) — keep one');
  });

  it('a NUL byte: not a text file', () => {
    const err = answersError(() => parseAnswers('## task-role\nChoice: b\nYour\0answer', questions));
    expect(err.message).toBe('answers.md:3: the file is not text (it contains a NUL byte) — save answers.md as plain UTF-8 text');
  });

  it('bytes that are not UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from('## task-role\n\nChoice: '), Buffer.from([0xff, 0xfe, 0x41])]);
    expect(answersError(() => parseAnswers(bytes, questions)).message).toMatch(/^answers\.md:3: the file is not UTF-8 text/);
  });

  it('reads valid UTF-8 bytes like a string', () => {
    expect(parseAnswers(Buffer.from(withTaskRole('Choice: b', 'Rôle — ok')), questions).answers['task-role']).toEqual({ choice: 'b', open: 'Rôle — ok' });
  });
});

describe('writeAnswers', () => {
  const answers: Answers = {
    'task-role': { choice: 'b', open: GOOD_OPEN + '\n\nA second paragraph.' },
    'open-ports': { choice: 'a', open: 'Least privilege: only the load balancer.' },
  };

  it('round-trips through parseAnswers from no file', () => {
    const md = writeAnswers(undefined, questions, answers, { labTitle: 'IAM roles' });
    expect(md.startsWith('<!-- ecs-lab answers for IAM roles.')).toBe(true);
    expect(parseAnswers(md, questions)).toEqual({ answers, problems: [] });
  });

  it('leaves the template unchanged when there is nothing to fill in, and is stable when repeated', () => {
    expect(writeAnswers(template, questions, {})).toBe(template);
    const once = writeAnswers(template, questions, answers);
    expect(writeAnswers(once, questions, answers)).toBe(once);
  });

  it('fills the template like a learner would', () => {
    const md = writeAnswers(template, questions, { 'open-ports': { choice: 'a', open: 'Because.' } });
    expect(md).toBe(template.replace(/Choice: \n\nWhy not[^\n]*\n\nYour answer:\n/, (m) => m.replace('Choice: ', 'Choice: a') + 'Because.\n'));
  });

  it('keeps the learner’s other content and only replaces the given answers', () => {
    const existing = withTaskRole('**Choice:** a', 'Old answer.')
      .replace('# Key questions — IAM roles\n', '# Key questions — IAM roles\n\nMy own notes up here.\n')
      .replace('## open-ports', '## open-ports\n<!-- a comment the learner added -->');
    const md = writeAnswers(existing, questions, { 'task-role': { choice: 'b', open: 'New answer.' } });
    expect(md).toContain('My own notes up here.');
    expect(md).toContain('<!-- a comment the learner added -->');
    expect(md).not.toContain('Old answer.');
    expect(md).toContain('\nChoice: b\n');
    expect(parseAnswers(md, questions).answers).toEqual({ 'task-role': { choice: 'b', open: 'New answer.' }, 'open-ports': { open: '' } });
  });

  it('clears a choice and replaces an answer written on the Your answer line', () => {
    const existing = withTaskRole('Choice: a').replace('Your answer:\n', 'Your answer: same line\n');
    const md = writeAnswers(existing, questions, { 'task-role': { open: 'Now below.' } });
    expect(parseAnswers(md, questions).answers['task-role']).toEqual({ open: 'Now below.' });
    expect(md).toContain('Your answer:\nNow below.\n');
  });

  it('appends missing sections and rebuilds one without "Your answer:"', () => {
    const existing = '## task-role\nsome notes\n';
    const md = writeAnswers(existing, questions, answers);
    expect(md.match(/^## /gm)).toHaveLength(2);
    expect(md).not.toContain('some notes');
    expect(parseAnswers(md, questions)).toEqual({ answers, problems: [] });
  });

  it('adds a Choice line when the learner deleted it', () => {
    const existing = template.replace('Choice: \n', '');
    const md = writeAnswers(existing, questions, { 'task-role': { choice: 'c', open: '' } });
    expect(parseAnswers(md, questions).answers['task-role']).toEqual({ choice: 'c', open: '' });
  });

  it('escapes a "## " line in an answer so it stays answer text', () => {
    const tricky = { 'task-role': { open: '## open-ports\nis how I would title it\n```\n## in code\n```' } };
    const md = writeAnswers(template, questions, tricky);
    expect(md).toContain('\n\\## open-ports\n');
    expect(md).toContain('\n## in code\n');
    expect(parseAnswers(md, questions).answers['task-role']).toEqual(tricky['task-role']);
  });

  it('keeps CRLF line endings', () => {
    const crlf = template.replace(/\n/g, '\r\n');
    const md = writeAnswers(crlf, questions, answers);
    expect(md.replace(/\r\n/g, '')).not.toContain('\n');
    expect(parseAnswers(md, questions).answers).toEqual(answers);
  });

  it('refuses to rewrite a file it cannot read', () => {
    answersError(() => writeAnswers(template.replace('## task-role', '## task-rol'), questions, answers));
  });
});

it('the fixtures cover both a 3- and a 2-option question', () => {
  expect([taskRole.choice.options.length, openPorts.choice.options.length]).toEqual([3, 2]);
});
