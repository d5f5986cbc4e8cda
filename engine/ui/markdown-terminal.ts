// Renders a lab brief (Markdown) for a terminal, from markdown-it's tokens: wrapped paragraphs,
// nested lists, code blocks that are never wrapped, plain tables. Colour is the caller's choice
// (isTTY / NO_COLOR / FORCE_COLOR); without it the output is clean plain text, fit for a pipe.
import MarkdownIt, { type Token } from 'markdown-it';
import picocolors from 'picocolors';

type Colors = ReturnType<typeof picocolors.createColors>;

export interface MarkdownTerminalOptions {
  /** Columns to wrap prose at; default: the terminal's columns, at most 100. */
  width?: number;
  /** Emit ANSI colours and styles. Default false: plain text. */
  color?: boolean;
}

export const MAX_WIDTH = 100;
/** Narrower than this and nested lists would have no room left for words. */
const MIN_WIDTH = 20;

/** The terminal's columns (80 when not a terminal), capped at MAX_WIDTH: long lines are hard to read. */
export function terminalWidth(stream: { columns?: number } = process.stdout): number {
  return Math.min(stream.columns || 80, MAX_WIDTH);
}

// Raw HTML is off: a brief is text to read, and tags have no meaning in a terminal.
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });

/** markdown-it's HTML for a brief (for docs or a web view). Raw HTML in the source is escaped. */
export function renderMarkdownHtml(source: string): string {
  return markdown.render(source);
}

/** Renders Markdown for a terminal. The result has no trailing newline. */
export function renderMarkdownTerminal(source: string, options: MarkdownTerminalOptions = {}): string {
  const ctx: Ctx = {
    width: Math.max(options.width ?? terminalWidth(), MIN_WIDTH),
    c: picocolors.createColors(options.color ?? false),
    color: options.color ?? false,
    listDepth: 0,
  };
  const lines = renderBlocks(buildTree(markdown.parse(source, {})), ctx, false);
  return lines.map((l) => l.trimEnd()).join('\n');
}

/** Greedy word wrap of plain text; a word longer than the width gets a line of its own, unbroken. */
export function wrapText(text: string, width: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  return wrapWords(words.map((w) => [{ text: w, styles: [] }]), width).map((line) => line.map((w) => w[0]!.text).join(' '));
}

// ---------------------------------------------------------------- block structure

interface Ctx {
  width: number;
  c: Colors;
  color: boolean;
  listDepth: number;
}

/** An open token with the tokens up to its close as children, or a leaf (inline, fence, hr). */
interface BlockNode {
  token: Token;
  children: BlockNode[];
}

function buildTree(tokens: Token[]): BlockNode[] {
  const root: BlockNode[] = [];
  const stack: BlockNode[][] = [root];
  for (const token of tokens) {
    if (token.nesting === -1) {
      stack.pop();
      continue;
    }
    const node: BlockNode = { token, children: [] };
    stack[stack.length - 1]!.push(node);
    if (token.nesting === 1) stack.push(node.children);
  }
  return root;
}

/** Blocks are separated by a blank line, except inside a tight list item. */
function renderBlocks(nodes: BlockNode[], ctx: Ctx, tight: boolean): string[] {
  const out: string[] = [];
  for (const node of nodes) {
    const lines = renderBlock(node, ctx);
    if (lines.length === 0) continue;
    if (out.length > 0 && !tight) out.push('');
    out.push(...lines);
  }
  return out;
}

function renderBlock(node: BlockNode, ctx: Ctx): string[] {
  const { token } = node;
  switch (token.type) {
    case 'paragraph_open':
      return renderInline(inlineOf(node), ctx);
    case 'heading_open':
      return renderHeading(node, ctx);
    case 'bullet_list_open':
    case 'ordered_list_open':
      return renderList(node, ctx);
    case 'blockquote_open': {
      const inner = renderBlocks(node.children, { ...ctx, width: ctx.width - 2 }, false);
      return inner.map((line) => (line ? ctx.c.dim('│ ') + line : ctx.c.dim('│')));
    }
    case 'fence':
    case 'code_block':
      return renderCode(token.content, ctx);
    case 'hr':
      return [ctx.c.dim('─'.repeat(ctx.width))];
    case 'table_open':
      return renderTable(node, ctx);
    case 'html_block':
      return token.content.replace(/\n$/, '').split('\n');
    default:
      return renderBlocks(node.children, ctx, false);
  }
}

function inlineOf(node: BlockNode): Token[] {
  return node.children.find((n) => n.token.type === 'inline')?.token.children ?? [];
}

const HEADING_STYLE: Record<number, (c: Colors) => (s: string) => string> = {
  1: (c) => (s) => c.bold(c.magenta(s)),
  2: (c) => (s) => c.bold(c.cyan(s)),
  3: (c) => (s) => c.bold(c.yellow(s)),
};

function renderHeading(node: BlockNode, ctx: Ctx): string[] {
  const level = Number(node.token.tag.slice(1));
  const style = (HEADING_STYLE[level] ?? ((c: Colors) => c.bold))(ctx.c);
  const lines = renderInline(inlineOf(node), ctx, style);
  // Levels 1 and 2 get a rule underneath, so the structure shows without colour too.
  const rule = level === 1 ? '═' : level === 2 ? '─' : undefined;
  if (!rule) return lines;
  const ruleWidth = Math.max(...lines.map(visibleWidth));
  return [...lines, ctx.c.dim(rule.repeat(ruleWidth))];
}

const BULLETS = ['•', '◦', '▪'];

function renderList(node: BlockNode, ctx: Ctx): string[] {
  const ordered = node.token.type === 'ordered_list_open';
  const start = Number(node.token.attrGet('start') ?? 1);
  const items = node.children.filter((n) => n.token.type === 'list_item_open');
  // markdown-it hides the paragraphs of a tight list: their items are not separated by blank lines.
  const tight = items.some((item) => item.children.some((n) => n.token.type === 'paragraph_open' && n.token.hidden));
  const markers = items.map((_, i) => (ordered ? `${start + i}.` : BULLETS[ctx.listDepth % BULLETS.length]!));
  const markerWidth = Math.max(...markers.map((m) => m.length)) + 1;
  const inner: Ctx = { ...ctx, width: ctx.width - markerWidth, listDepth: ctx.listDepth + 1 };
  const out: string[] = [];
  items.forEach((item, i) => {
    if (i > 0 && !tight) out.push('');
    // Numbers align on the right (" 9." over "10."), bullets on the left.
    const marker = ordered ? markers[i]!.padStart(markerWidth - 1) : markers[i]!.padEnd(markerWidth - 1);
    const lines = renderBlocks(item.children, inner, tight);
    if (lines.length === 0) out.push(ctx.c.dim(marker));
    lines.forEach((line, j) => {
      if (j === 0) out.push(ctx.c.dim(marker) + ' ' + line);
      else out.push(line ? ' '.repeat(markerWidth) + line : '');
    });
  });
  return out;
}

/** Code is indented and never wrapped: a wrapped command would be copied wrong. */
function renderCode(content: string, ctx: Ctx): string[] {
  return content
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => (line.trim() ? '    ' + ctx.c.cyan(line) : ''));
}

function renderTable(node: BlockNode, ctx: Ctx): string[] {
  const rows: { header: boolean; cells: string[] }[] = [];
  const align: ('left' | 'right' | 'center')[] = [];
  const visit = (n: BlockNode, header: boolean): void => {
    if (n.token.type === 'tr_open') {
      const cells = n.children.filter((cell) => cell.token.type === 'th_open' || cell.token.type === 'td_open');
      cells.forEach((cell, i) => {
        const style = String(cell.token.attrGet('style') ?? '');
        align[i] = style.includes('right') ? 'right' : style.includes('center') ? 'center' : 'left';
      });
      const style = header ? ctx.c.bold : (s: string) => s;
      rows.push({ header, cells: cells.map((cell) => renderInlineLine(inlineOf(cell), ctx, style)) });
      return;
    }
    for (const child of n.children) visit(child, header || n.token.type === 'thead_open');
  };
  visit(node, false);
  const columns = Math.max(0, ...rows.map((r) => r.cells.length));
  const widths = Array.from({ length: columns }, (_, i) => Math.max(0, ...rows.map((r) => visibleWidth(r.cells[i] ?? ''))));
  const pad = (s: string, i: number): string => {
    const gap = widths[i]! - visibleWidth(s);
    if (align[i] === 'right') return ' '.repeat(gap) + s;
    if (align[i] === 'center') return ' '.repeat(Math.floor(gap / 2)) + s + ' '.repeat(Math.ceil(gap / 2));
    return s + ' '.repeat(gap);
  };
  const out: string[] = [];
  for (const row of rows) {
    out.push(widths.map((_, i) => pad(row.cells[i] ?? '', i)).join('  ').trimEnd());
    if (row.header) out.push(ctx.c.dim(widths.map((w) => '─'.repeat(w)).join('  ')));
  }
  return out;
}

// ---------------------------------------------------------------- inline content

type Style = 'bold' | 'italic' | 'strike' | 'code' | 'link' | 'url';

/** A run of text in one style. A `nowrap` run (inline code) is never split at its spaces. */
interface Fragment {
  text: string;
  styles: Style[];
  nowrap?: boolean;
}
/** What wrapping moves as a unit: fragments with no breakable space between them (`**x**,`). */
type Word = Fragment[];
const HARD_BREAK = Symbol('hard break');
type Flow = Word | typeof HARD_BREAK;

function toFragments(tokens: Token[], color: boolean): (Fragment | typeof HARD_BREAK)[] {
  const out: (Fragment | typeof HARD_BREAK)[] = [];
  const active: Style[] = [];
  const links: { href: string; from: number }[] = [];
  const close = (style: Style): void => {
    const i = active.lastIndexOf(style);
    if (i >= 0) active.splice(i, 1);
  };
  const textSince = (from: number): string =>
    out.slice(from).map((f) => (f === HARD_BREAK ? ' ' : f.text)).join('');
  for (const token of tokens) {
    switch (token.type) {
      case 'text':
      case 'html_inline':
        out.push({ text: token.content, styles: [...active] });
        break;
      case 'code_inline':
        // Without colour, the backticks are the only sign that this is something to type.
        out.push({ text: color ? token.content : '`' + token.content + '`', styles: [...active, 'code'], nowrap: true });
        break;
      case 'strong_open': active.push('bold'); break;
      case 'strong_close': close('bold'); break;
      case 'em_open': active.push('italic'); break;
      case 'em_close': close('italic'); break;
      case 's_open': active.push('strike'); break;
      case 's_close': close('strike'); break;
      case 'link_open':
        links.push({ href: String(token.attrGet('href') ?? ''), from: out.length });
        active.push('link');
        break;
      case 'link_close': {
        close('link');
        const link = links.pop();
        const text = link ? textSince(link.from) : '';
        // A terminal can't follow a link, so the URL is written out, unless the text already is it.
        if (link && link.href && link.href !== text && link.href !== `mailto:${text}`) {
          out.push({ text: ' ', styles: [] }, { text: `(${link.href})`, styles: ['url'] });
        }
        break;
      }
      case 'image': {
        const alt = token.children?.map((t) => t.content).join('') || token.content || 'image';
        out.push({ text: `[${alt}]`, styles: [...active] }, { text: ' ', styles: [] }, { text: `(${token.attrGet('src') ?? ''})`, styles: ['url'] });
        break;
      }
      case 'softbreak':
        out.push({ text: ' ', styles: [] });
        break;
      case 'hardbreak':
        out.push(HARD_BREAK);
        break;
    }
  }
  return out;
}

function toWords(fragments: (Fragment | typeof HARD_BREAK)[]): Flow[] {
  const flow: Flow[] = [];
  let word: Word = [];
  const endWord = (): void => {
    if (word.length) flow.push(word);
    word = [];
  };
  for (const f of fragments) {
    if (f === HARD_BREAK) {
      endWord();
      flow.push(HARD_BREAK);
    } else if (f.nowrap) {
      word.push(f);
    } else {
      // Split at whitespace; the captured separators end the current word.
      for (const piece of f.text.split(/(\s+)/)) {
        if (!piece) continue;
        if (/^\s+$/.test(piece)) endWord();
        else word.push({ ...f, text: piece });
      }
    }
  }
  endWord();
  return flow;
}

function wordWidth(word: Word): number {
  return word.reduce((n, f) => n + [...f.text].length, 0);
}

function wrapWords(flow: Flow[], width: number): Word[][] {
  const lines: Word[][] = [];
  let line: Word[] = [];
  let used = 0;
  for (const item of flow) {
    if (item === HARD_BREAK) {
      lines.push(line);
      line = [];
      used = 0;
      continue;
    }
    const w = wordWidth(item);
    if (line.length > 0 && used + 1 + w > width) {
      lines.push(line);
      line = [];
      used = 0;
    }
    used += (line.length > 0 ? 1 : 0) + w;
    line.push(item);
  }
  if (line.length > 0 || lines.length === 0) lines.push(line);
  return lines;
}

function styleFragment(f: Fragment, c: Colors): string {
  let s = f.text;
  for (const style of f.styles) {
    if (style === 'bold') s = c.bold(s);
    else if (style === 'italic') s = c.italic(s);
    else if (style === 'strike') s = c.strikethrough(s);
    else if (style === 'code') s = c.cyan(s);
    else if (style === 'link') s = c.underline(c.blue(s));
    else if (style === 'url') s = c.dim(s);
  }
  return s;
}

const plain = (s: string): string => s;

/**
 * Wrapped lines. Styles are applied per line, to runs of equal style, so a line break never
 * splits an escape sequence and a prefix added later (a list marker, a quote bar) is unstyled.
 */
function renderInline(tokens: Token[], ctx: Ctx, base: (s: string) => string = plain): string[] {
  const flow = toWords(toFragments(tokens, ctx.color));
  return wrapWords(flow, ctx.width).map((line) => {
    if (line.length === 0) return '';
    return base(styleRuns(joinWords(line), ctx.c));
  });
}

/** The fragments of a line with the spaces between words put back, styled as what they join. */
function joinWords(words: Word[]): Fragment[] {
  const out: Fragment[] = [];
  words.forEach((word, i) => {
    if (i > 0) {
      const before = words[i - 1]![words[i - 1]!.length - 1]!.styles;
      const after = word[0]!.styles;
      // An underlined link keeps its underline across its spaces; plain text around it does not get one.
      out.push({ text: ' ', styles: before.filter((s) => after.includes(s) && s !== 'code') });
    }
    out.push(...word);
  });
  return out;
}

function styleRuns(fragments: Fragment[], c: Colors): string {
  let out = '';
  let run: Fragment | undefined;
  const same = (a: Style[], b: Style[]): boolean => a.length === b.length && a.every((s, i) => s === b[i]);
  for (const f of fragments) {
    if (run && same(run.styles, f.styles)) run = { ...run, text: run.text + f.text };
    else {
      if (run) out += styleFragment(run, c);
      run = f;
    }
  }
  if (run) out += styleFragment(run, c);
  return out;
}

/** One line, unwrapped (table cells). */
function renderInlineLine(tokens: Token[], ctx: Ctx, base: (s: string) => string = plain): string {
  return renderInline(tokens, { ...ctx, width: Number.POSITIVE_INFINITY }, base).join(' ');
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

/** Columns a string takes, ignoring colour codes (code points; wide CJK characters count as one). */
export function visibleWidth(s: string): number {
  return [...s.replace(ANSI, '')].length;
}
