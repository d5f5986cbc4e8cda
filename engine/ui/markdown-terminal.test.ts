import { describe, expect, it } from 'vitest';
import { renderMarkdownHtml, renderMarkdownTerminal, terminalWidth, visibleWidth, wrapText } from './markdown-terminal';

const BRIEF = `# IAM roles for tasks

Your service runs, but its **task role** can do far too much. Scope it to *exactly* what the app needs, and keep the \`execution role\` separate. Read [the ECS docs](https://docs.aws.amazon.com/ecs/) or <https://example.com>.

## What to do

1. Open \`stack.ts\`.
2. Find the policy:
   - the statement with \`s3:*\`
   - the statement with \`Resource: "*"\`
3. Scope it.

> **Note:** the check judges the synthesized template,
> not your code.

\`\`\`ts
const role = new iam.Role(this, 'TaskRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
\`\`\`

| Role | Used by | Needs |
| --- | --- | ---: |
| Execution | ECS agent | ECR pull, logs |
| Task | your app | S3 read |

---

### Done?

Run \`npx lab check\`.
`;

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[/;

describe('renderMarkdownTerminal, plain', () => {
  const out = renderMarkdownTerminal(BRIEF, { width: 60 });
  const lines = out.split('\n');

  it('renders the sample brief as clean text', () => {
    expect(lines.slice(0, 8)).toEqual([
      'IAM roles for tasks',
      '═══════════════════',
      '',
      'Your service runs, but its task role can do far too much.',
      'Scope it to exactly what the app needs, and keep the',
      '`execution role` separate. Read the ECS docs',
      '(https://docs.aws.amazon.com/ecs/) or https://example.com.',
      '',
    ]);
    expect(out).toContain(['What to do', '──────────', '', '1. Open `stack.ts`.', '2. Find the policy:', '   ◦ the statement with `s3:*`', '   ◦ the statement with `Resource: "*"`', '3. Scope it.'].join('\n'));
    expect(out).toContain('│ Note: the check judges the synthesized template, not your\n│ code.');
    expect(out).toContain(['Role       Used by             Needs', '─────────  ─────────  ──────────────', 'Execution  ECS agent  ECR pull, logs', 'Task       your app          S3 read'].join('\n'));
    expect(out).toContain('─'.repeat(60));
    expect(out.endsWith('Done?\n\nRun `npx lab check`.')).toBe(true);
  });

  it('has no ANSI codes and no trailing spaces', () => {
    expect(out).not.toMatch(ANSI);
    for (const line of lines) expect(line).toBe(line.trimEnd());
  });

  it('wraps prose at the width', () => {
    const prose = lines.filter((l) => !l.startsWith('    ') && !l.startsWith('─') && !l.startsWith('Role') && !l.startsWith('Execution'));
    for (const line of prose) expect(visibleWidth(line), line).toBeLessThanOrEqual(60);
    const narrow = renderMarkdownTerminal('one two three four five six seven eight nine ten eleven twelve', { width: 20 });
    expect(narrow.split('\n')).toEqual(['one two three four', 'five six seven eight', 'nine ten eleven', 'twelve']);
  });

  it('never wraps a code block, and indents it', () => {
    const code = "const role = new iam.Role(this, 'TaskRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });";
    expect(lines).toContain('    ' + code);
    expect(visibleWidth('    ' + code)).toBeGreaterThan(60);
  });

  it('keeps inline code whole when wrapping', () => {
    const out = renderMarkdownTerminal('Run this: `npx lab check --watch` now', { width: 20 });
    expect(out.split('\n')).toEqual(['Run this:', '`npx lab check --watch`', 'now']);
  });

  it('indents nested lists and continuation lines under the marker', () => {
    const out = renderMarkdownTerminal('- first item that is long enough to wrap here\n  - nested one\n    - deeper\n- second', { width: 30 });
    expect(out.split('\n')).toEqual(['• first item that is long', '  enough to wrap here', '  ◦ nested one', '    ▪ deeper', '• second']);
  });

  it('aligns numbers of long ordered lists and honours the start number', () => {
    const items = Array.from({ length: 3 }, (_, i) => `${9 + i}. item ${9 + i}`).join('\n');
    expect(renderMarkdownTerminal(items, { width: 40 }).split('\n')).toEqual([' 9. item 9', '10. item 10', '11. item 11']);
  });

  it('separates the items of a loose list with blank lines', () => {
    expect(renderMarkdownTerminal('- a\n\n- b', { width: 40 })).toBe('• a\n\n• b');
  });

  it('writes a link once when its text is its URL', () => {
    expect(renderMarkdownTerminal('<https://aws.amazon.com/ecs/>', { width: 80 })).toBe('https://aws.amazon.com/ecs/');
    expect(renderMarkdownTerminal('[docs](https://x.test/a)', { width: 80 })).toBe('docs (https://x.test/a)');
  });

  it('shows raw HTML as text rather than dropping it', () => {
    expect(renderMarkdownTerminal('a <b>bold</b> claim', { width: 80 })).toBe('a <b>bold</b> claim');
  });

  it('keeps hard line breaks', () => {
    expect(renderMarkdownTerminal('line one  \nline two', { width: 80 })).toBe('line one\nline two');
  });
});

describe('renderMarkdownTerminal, colour', () => {
  const out = renderMarkdownTerminal(BRIEF, { width: 60, color: true });

  it('emits ANSI styles', () => {
    expect(out).toMatch(ANSI);
    expect(out).toContain('\x1b[1m'); // bold headings and strong text
    expect(out).toContain('\x1b[36m'); // cyan code
  });

  it('drops the backticks of inline code, which the colour replaces', () => {
    expect(out).toContain('\x1b[36mstack.ts\x1b[39m');
    expect(out).not.toContain('`stack.ts`');
  });

  it('wraps at the same visible width as plain', () => {
    const plain = renderMarkdownTerminal(BRIEF, { width: 60 }).split('\n');
    const coloured = out.split('\n');
    expect(coloured.length).toBe(plain.length);
    coloured.forEach((line, i) => {
      if (!plain[i]!.startsWith('    ')) expect(visibleWidth(line)).toBeLessThanOrEqual(60);
    });
  });

  it('never leaves a style open at the end of a line', () => {
    // Each line must close what it opens, so a prefix added to the next line is unstyled.
    for (const line of out.split('\n')) {
      const opened = (line.match(/\x1b\[(1|2|3|4|9|3[0-7])m/g) ?? []).length;
      const closed = (line.match(/\x1b\[(22|23|24|29|39)m/g) ?? []).length;
      expect(closed, JSON.stringify(line)).toBe(opened);
    }
  });
});

describe('helpers', () => {
  it('renderMarkdownHtml gives markdown-it HTML and escapes raw HTML', () => {
    expect(renderMarkdownHtml('# Hi\n\nSome **bold** <script>x</script>')).toBe('<h1>Hi</h1>\n<p>Some <strong>bold</strong> &lt;script&gt;x&lt;/script&gt;</p>\n');
  });

  it('wrapText wraps words and leaves a long word whole', () => {
    expect(wrapText('aaa bbb ccc', 7)).toEqual(['aaa bbb', 'ccc']);
    expect(wrapText('short averyveryverylongword end', 8)).toEqual(['short', 'averyveryverylongword', 'end']);
    expect(wrapText('', 10)).toEqual(['']);
  });

  it('terminalWidth caps at 100 and falls back to 80', () => {
    expect(terminalWidth({ columns: 200 })).toBe(100);
    expect(terminalWidth({ columns: 72 })).toBe(72);
    expect(terminalWidth({})).toBe(80);
  });
});
