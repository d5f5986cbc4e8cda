import { describe, expect, it } from 'vitest';
import { LabError } from '../errors';
import { countWords, formatAnswer, labelValue, MAX_ANSWERS_BYTES, parseAnswers, readHeader, renderAnswers, type LabAnswers } from './answers-file';
import type { DrawnItem } from './draw';
import { drawLab } from './draw';
import { fullDraw, LAB, questions, REFLECTION } from './fixtures';
import { rightAnswers } from './solve';

const draw = fullDraw();
const template = renderAnswers(draw, undefined, { labTitle: 'IAM roles', checkTitles: { 'iam.task-role-least-privilege': 'Task role is least privilege' } });
const drawn = (id: string) => draw.questions.flatMap((q) => q.items).find((d) => d.item.id === id)!;

/** The template with one item's Answer line filled in. */
function answering(id: string, value: string, base = template): string {
  const lines = base.split('\n');
  const head = lines.findIndex((l) => l.startsWith(`### ${id} `));
  const at = lines.findIndex((l, i) => i > head && l.startsWith('Answer:'));
  lines[at] = `Answer: ${value}`;
  return lines.join('\n');
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

const parse = (md: string | Uint8Array) => parseAnswers(md, draw);
const labelOf = (d: DrawnItem, key: string) => (d.kind === 'choice' || d.kind === 'multi' ? d.options.find((o) => o.key === key)!.label : '');

describe('renderAnswers', () => {
  it('writes a section per key question, one per drawn item with its letters, and the reflection', () => {
    const lines = template.split('\n');
    expect(lines[0]).toBe(`<!-- ecs-lab answers · ${LAB} · seed seed-1 · draw ${draw.fingerprint} · keep the ## and ### headings and the "Answer:" lines; grade with: lab check -->`);
    expect(lines[1]).toBe('# Key questions — IAM roles');
    expect(lines).toContain('## roles — Task role or execution role?');
    expect(lines).toContain('### s3-denied · choice — one letter');
    expect(lines).toContain('### permission-to-role · match — a letter for each number, e.g. 1-b, 2-a');
    expect(lines).toContain('Judged by your stack: Task role is least privilege (`iam.task-role-least-privilege`). Nothing to type here.');
    expect(lines.filter((l) => l === '### reflection')).toHaveLength(2);
    expect(lines.filter((l) => l === 'Your reflection:')).toHaveLength(2);
    const choice = drawn('s3-denied') as Extract<DrawnItem, { kind: 'choice' }>;
    for (const o of choice.options) expect(lines).toContain(`- ${o.label}) ${choice.item.options.find((x) => x.key === o.key)!.text}`);
    expect(template.endsWith('\n')).toBe(true);
  });

  it('reads back as unanswered with no problems', () => {
    expect(parse(template)).toEqual({ items: {}, reflections: { roles: '', network: '' }, problems: [] });
  });

  it('round-trips: writer → parser gives the same answers, for several seeds', () => {
    for (const seed of ['a', 'b', 'c', 'd']) {
      const d = drawLab(questions, LAB, seed);
      const answers = rightAnswers(d, { roles: REFLECTION, network: 'Line one.\n\nLine two with ## inside and a \\# kept.\n## looks like a heading\n  ### and another' });
      const back = parseAnswers(renderAnswers(d, answers), d);
      expect(back.problems).toEqual([]);
      expect(back.items).toEqual(answers.items);
      expect(back.reflections).toEqual(answers.reflections);
    }
  });
});

describe('parseAnswers: tolerant reading', () => {
  it.each(['b', 'B', '(b)', 'b)', '**b**', '  b  ', '`b`'])('choice %j reads as that letter', (v) => {
    expect(parse(answering('s3-denied', v)).items['s3-denied']).toEqual({ kind: 'choice', label: 'b' });
  });

  it('a choice may repeat the option’s own text after its letter', () => {
    const d = drawn('s3-denied') as Extract<DrawnItem, { kind: 'choice' }>;
    const text = d.item.options.find((o) => o.key === d.options[0].key)!.text;
    expect(parse(answering('s3-denied', `${d.options[0].label}) ${text}`)).items['s3-denied']).toEqual({ kind: 'choice', label: 'a' });
  });

  it.each(['**Answer:** b', '**Answer**: b', '- answer : b', '__Answer:__ b', 'ANSWER: b'])('label line %j', (line) => {
    const md = template.replace(/(### s3-denied[^]*?)Answer:/, `$1${line.replace(/ b$/, '')}`).replace(/(### s3-denied[^]*?)(\*\*Answer:\*\*|\*\*Answer\*\*:|- answer :|__Answer:__|ANSWER:)\n/, `$1${line}\n`);
    expect(parse(md).items['s3-denied']).toEqual({ kind: 'choice', label: 'b' });
  });

  it('takes an answer written on the line below an empty Answer:', () => {
    const md = template.replace(/(### s3-denied[^]*?Answer:)\n\n/, '$1\nb\n\n');
    expect(parse(md).items['s3-denied']).toEqual({ kind: 'choice', label: 'b' });
  });

  it.each(['a, c', 'c a', 'c,a', '(a) (c)', 'a;c', 'A C', 'a, c, a'])('multi %j is the set {a, c}', (v) => {
    expect(parse(answering('agent-needs', v)).items['agent-needs']).toEqual({ kind: 'multi', labels: ['a', 'c'] });
  });

  it.each(['1-b, 2-a, 3-c', '1b 2a 3c', '1: b; 2: a; 3: c', '3-c,1-b,2-a', '1 → b, 2 → a, 3 → c', '1 = b 2=a 3 =c'])('match %j', (v) => {
    expect(parse(answering('permission-to-role', v)).items['permission-to-role']).toEqual({ kind: 'match', pairs: { 1: 'b', 2: 'a', 3: 'c' } });
  });

  it.each(['c, a, d, b', 'c a d b', 'c > a > d > b', 'c → a → d → b', '(c) (a) (d) (b)'])('order %j', (v) => {
    expect(parse(answering('rotation-steps', v)).items['rotation-steps']).toEqual({ kind: 'order', labels: ['c', 'a', 'd', 'b'] });
  });

  it('exact answers are kept as written (normalised by the grader)', () => {
    expect(parse(answering('https-port', '  443  ')).items['https-port']).toEqual({ kind: 'exact', value: '443' });
  });

  it('reads the reflection under "Your reflection:" up to the next key question, keeping paragraphs', () => {
    const md = template.replace('Your reflection:\n', `Your reflection:\nFirst paragraph.\n\nSecond,\n  indented.   \n\n`);
    expect(parse(md).reflections.roles).toBe('First paragraph.\n\nSecond,\n  indented.');
  });

  it('reads a reflection without its marker, skipping the prompt, and says so', () => {
    const md = template.replace('Your reflection:\n', 'My own words here.\n');
    const p = parse(md);
    expect(p.reflections.roles).toBe('My own words here.');
    expect(p.problems.join('\n')).toMatch(/no "Your reflection:" line/);
  });

  it('ignores HTML comments and code blocks when looking for structure', () => {
    const md = answering('s3-denied', 'b <!-- was a -->').replace('Your reflection:\n', 'Your reflection:\n```\n### not-an-item\n```\n');
    const p = parse(md);
    expect(p.items['s3-denied']).toEqual({ kind: 'choice', label: 'b' });
    expect(p.reflections.roles).toBe('```\n### not-an-item\n```');
  });

  it('reads CRLF files, a byte order mark, and UTF-8 bytes', () => {
    const md = answering('s3-denied', 'b');
    expect(parse('\uFEFF' + md.replace(/\n/g, '\r\n')).items['s3-denied']).toEqual({ kind: 'choice', label: 'b' });
    expect(parse(new TextEncoder().encode(md)).items['s3-denied']).toEqual({ kind: 'choice', label: 'b' });
  });

  it('an empty file is all unanswered without problems; a missing item section is noted', () => {
    expect(parse('')).toEqual({ items: {}, reflections: {}, problems: [] });
    const md = template.replace(/### https-port[^]*?(?=### )/, '');
    expect(parse(md).problems).toEqual(['answers.md: no "### https-port" section — that item counts as unanswered; add it back or run `lab quiz`']);
  });

  it('ignores, with a note, an answer to an item of the lab that this workspace did not draw', () => {
    const small = drawLab(questions, LAB, 'seed-1');
    const notDrawn = questions[1].items.find((i) => !small.questions[1].items.some((d) => d.item.id === i.id))!;
    const md = renderAnswers(small) + `\n### ${notDrawn.id}\nAnswer: 42\n`;
    const p = parseAnswers(md, small);
    expect(p.items[notDrawn.id]).toBeUndefined();
    expect(p.problems.join('\n')).toMatch(new RegExp(`### ${notDrawn.id} is not in this workspace's draw — its answer is ignored`));
  });
});

describe('parseAnswers: errors name the line, say what to do, and never guess', () => {
  const lineOf = (md: string, needle: string) => md.split('\n').findIndex((l) => l.includes(needle)) + 1;

  it('"b or a" for a single choice', () => {
    const md = answering('s3-denied', 'b or a');
    expect(answersError(() => parse(md)).message).toBe(`answers.md:${lineOf(md, 'Answer: b or a')}: "b or a" is not one option of s3-denied — write exactly one letter (a–c) after "Answer:"`);
  });

  it('a letter that is not an option', () => {
    expect(answersError(() => parse(answering('s3-denied', 'e'))).message).toMatch(/^answers\.md:\d+: "e" is not an option of s3-denied — write one of a, b, c$/);
    expect(answersError(() => parse(answering('agent-needs', 'a, f'))).message).toMatch(/"f" is not an option of agent-needs/);
  });

  it('a multi answer with words in it', () => {
    expect(answersError(() => parse(answering('agent-needs', 'a and c'))).message).toMatch(/"and" in the answer to agent-needs is not a letter/);
  });

  it.each([
    ['1-b, 2-a', /gives no letter for 3/],
    ['1-b, 1-a, 3-c', /item 1 of permission-to-role is given twice/],
    ['1-b, 2-a, 4-c', /has no item 4 on the left/],
    ['1-z, 2-a, 3-c', /"z" is not a choice/],
    ['b-1, a-2', /is not a matching answer/],
    ['1-bc, 2-a, 3-c', /is not a matching answer/],
  ])('a malformed match %j', (v, message) => {
    expect(answersError(() => parse(answering('permission-to-role', v))).message).toMatch(message);
  });

  it('an order that repeats or leaves out a step', () => {
    expect(answersError(() => parse(answering('rotation-steps', 'c, a, a, b'))).message).toMatch(/"a" appears twice/);
    expect(answersError(() => parse(answering('rotation-steps', 'c, a, b'))).message).toMatch(/leaves out d/);
  });

  it('an unknown item id, suggesting the closest', () => {
    const md = template.replace('### s3-denied ·', '### s3-denyed ·');
    expect(answersError(() => parse(md)).message).toMatch(/^answers\.md:\d+: "### s3-denyed · choice — one letter" is not an item of this lab — did you mean "### s3-denied"\? Rename the heading$/);
  });

  it('an unknown key question, suggesting the closest', () => {
    expect(answersError(() => parse(template.replace('## roles —', '## role —'))).message).toMatch(/did you mean "## roles"/);
  });

  it('the same item twice, and two Answer lines', () => {
    expect(answersError(() => parse(template + '\n### s3-denied\nAnswer: a\n')).message).toMatch(/"### s3-denied" appears twice \(the first is line \d+\)/);
    expect(answersError(() => parse(answering('s3-denied', 'b\nAnswer: a'))).message).toMatch(/second "Answer:" line/);
  });

  it('a file written for another draw (another seed)', () => {
    const other = renderAnswers(drawLab(questions, LAB, 'another-seed'));
    expect(answersError(() => parse(other)).message).toMatch(/^answers\.md:1: this file was written for another draw .* run `lab quiz`/);
    const salvaged = parseAnswers(renderAnswers(drawLab(questions, LAB, 'another-seed'), { items: {}, reflections: { roles: 'kept' } }), draw, { salvage: true });
    expect(salvaged.reflections.roles).toBe('kept');
    expect(salvaged.items).toEqual({});
  });

  it('bytes that are not UTF-8, a NUL byte, and a file over 256 KiB', () => {
    expect(answersError(() => parse(Uint8Array.from([0x23, 0x20, 0xff, 0xfe]))).message).toMatch(/^answers\.md:1: the file is not UTF-8 text/);
    expect(answersError(() => parse('ok\n\0')).message).toMatch(/^answers\.md:2: the file is not text/);
    expect(answersError(() => parse('x'.repeat(MAX_ANSWERS_BYTES + 1))).message).toMatch(/^answers\.md: the file is 257 KiB, larger than the 256 KiB/);
  });

  it('stays fast on long hostile lines (no super-linear scanning)', () => {
    const hostile = `${template}\n### s3-denied${' '.repeat(100_000)}x\n`;
    const started = performance.now();
    expect(() => parse(hostile)).toThrow(LabError);
    const long = answering('agent-needs', 'a '.repeat(60_000));
    expect(parse(long).items['agent-needs']).toEqual({ kind: 'multi', labels: ['a'] });
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('helpers', () => {
  it('readHeader reads lab, seed and draw from the header comment', () => {
    expect(readHeader(template)).toEqual({ lab: LAB, seed: 'seed-1', fingerprint: draw.fingerprint, line: 1 });
    expect(readHeader('# no header\n')).toBeUndefined();
  });

  it('labelValue reads label lines and nothing else', () => {
    expect(labelValue('Answer: b', 'answer')).toBe('b');
    expect(labelValue('**Your  reflection:** text', 'your reflection')).toBe('text');
    expect(labelValue('Answers: b', 'answer')).toBeUndefined();
    expect(labelValue('The answer: b', 'answer')).toBeUndefined();
  });

  it('countWords counts words, not punctuation', () => {
    expect(countWords('  one, two — three!  ')).toBe(3);
    expect(countWords('')).toBe(0);
  });

  it('formatAnswer writes each kind the way the parser reads it', () => {
    expect(formatAnswer({ kind: 'multi', labels: ['c', 'a'] })).toBe('a, c');
    expect(formatAnswer({ kind: 'match', pairs: { 2: 'a', 1: 'b' } })).toBe('1-b, 2-a');
    expect(formatAnswer({ kind: 'order', labels: ['c', 'a'] })).toBe('c, a');
  });
});

it('labelOf helper agrees with the draw (sanity for the tests above)', () => {
  const d = drawn('s3-denied');
  expect(labelOf(d, 'b')).toMatch(/^[abc]$/);
  const answers: LabAnswers = { items: { 's3-denied': { kind: 'choice', label: labelOf(d, 'b') } }, reflections: {} };
  expect(parse(renderAnswers(draw, answers)).items['s3-denied']).toEqual(answers.items['s3-denied']);
});
