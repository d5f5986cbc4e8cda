// A reader for the part of HCL that docker buildx bake files use: blocks (`target "web" { … }`),
// attributes (`platforms = ["linux/amd64", "linux/arm64"]`), strings, numbers, booleans, lists
// and objects, and `#`, `//`, `/* */` comments. The file is the learner's, so it is untrusted
// input: it is read, never evaluated — a `${…}` interpolation stays text, a variable or a function
// call becomes an unknown value — and anything else is a one-line error at file:line.
import { LabError } from '../../engine/errors';

export type HclValue = string | number | boolean | null | HclValue[] | { [key: string]: HclValue } | { unknown: string };

export interface HclBlock {
  type: string;
  labels: string[];
  line: number;
  attributes: Record<string, { value: HclValue; line: number }>;
  blocks: HclBlock[];
}

interface Token {
  kind: 'ident' | 'string' | 'number' | 'punct' | 'newline' | 'eof';
  text: string;
  line: number;
}

// Deeper nesting than any bake file needs is refused rather than recursed into.
const MAX_DEPTH = 32;

function tokenize(text: string, file: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  const fail = (msg: string): never => {
    throw new LabError('E_SYNTAX', `${file}:${line}: ${msg}`);
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      out.push({ kind: 'newline', text: c, line });
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) fail('a /* comment is never closed');
      line += (text.slice(i, end).match(/\n/g) ?? []).length;
      i = end + 2;
    } else if (c === '"') {
      const start = line;
      let s = '';
      i++;
      while (true) {
        if (i >= text.length || text[i] === '\n') fail('a string is never closed');
        const ch = text[i];
        if (ch === '"') break;
        if (ch === '\\') {
          const next = text[i + 1];
          s += next === 'n' ? '\n' : next === 't' ? '\t' : next;
          i += 2;
        } else {
          s += ch;
          i++;
        }
      }
      i++;
      out.push({ kind: 'string', text: s, line: start });
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(text.slice(i))![0];
      out.push({ kind: 'ident', text: m, line });
      i += m.length;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?/.exec(text.slice(i))![0];
      out.push({ kind: 'number', text: m, line });
      i += m.length;
    } else if (c === '<' && text[i + 1] === '<') fail('heredoc strings (<<EOT) are not read by ecs-lab; write the value as a "string"');
    else if ('{}[]()=,:.?!<>+-*/%&|'.includes(c)) {
      out.push({ kind: 'punct', text: c, line });
      i++;
    }
    else fail(`unexpected character ${JSON.stringify(c)}`);
  }
  out.push({ kind: 'eof', text: '', line });
  return out;
}

/** The top-level blocks of a bake HCL file. */
export function parseHcl(text: string, file: string): HclBlock[] {
  return reader(text, file).blocks();
}

/** One value (a JSON document is one), nothing after it. */
export function parseHclValue(text: string, file: string): HclValue {
  return reader(text, file).single();
}

function reader(text: string, file: string) {
  const tokens = tokenize(text, file);
  let pos = 0;
  const peek = () => tokens[pos];
  const fail = (msg: string, t = peek()): never => {
    throw new LabError('E_SYNTAX', `${file}:${t.line}: ${msg}`);
  };
  const skipNewlines = () => {
    while (peek().kind === 'newline') pos++;
  };
  const expect = (text: string) => {
    const t = peek();
    if (t.kind !== 'punct' || t.text !== text) fail(`expected "${text}", found ${t.kind === 'eof' ? 'the end of the file' : JSON.stringify(t.text)}`);
    pos++;
  };

  function value(depth: number): HclValue {
    if (depth > MAX_DEPTH) fail('values nested too deeply');
    skipNewlines();
    const t = peek();
    if (t.kind === 'string') {
      pos++;
      return t.text;
    }
    if (t.kind === 'number') {
      pos++;
      return Number(t.text);
    }
    if (t.kind === 'punct' && t.text === '[') {
      pos++;
      const list: HclValue[] = [];
      while (true) {
        skipNewlines();
        if (peek().kind === 'punct' && peek().text === ']') break;
        list.push(expression(depth + 1, [',', ']']));
        skipNewlines();
        if (peek().kind === 'punct' && peek().text === ',') pos++;
        else break;
      }
      skipNewlines();
      expect(']');
      return list;
    }
    if (t.kind === 'punct' && t.text === '{') {
      pos++;
      const obj: Record<string, HclValue> = {};
      while (true) {
        skipNewlines();
        const k = peek();
        if (k.kind === 'punct' && k.text === '}') break;
        if (k.kind !== 'ident' && k.kind !== 'string') fail('expected a key in the object');
        pos++;
        if (peek().kind === 'punct' && (peek().text === '=' || peek().text === ':')) pos++;
        else fail('expected "=" after the key');
        obj[k.text] = expression(depth + 1, [',', '}']);
        skipNewlines();
        if (peek().kind === 'punct' && peek().text === ',') pos++;
      }
      expect('}');
      return obj;
    }
    if (t.kind === 'ident') {
      pos++;
      if (t.text === 'true' || t.text === 'false') return t.text === 'true';
      if (t.text === 'null') return null;
      // A variable (VERSION, target.base.tags) or a function call: never evaluated.
      let shown = t.text;
      while (peek().kind === 'punct' && peek().text === '.' && tokens[pos + 1]?.kind === 'ident') {
        shown += `.${tokens[pos + 1].text}`;
        pos += 2;
      }
      if (peek().kind === 'punct' && peek().text === '(') skipParens(depth);
      return { unknown: shown };
    }
    return fail(`expected a value, found ${t.kind === 'eof' ? 'the end of the file' : JSON.stringify(t.text)}`);
  }

  function skipParens(depth: number): void {
    expect('(');
    while (!(peek().kind === 'punct' && peek().text === ')')) {
      if (peek().kind === 'eof') fail('a function call is never closed');
      if (peek().kind === 'punct' && peek().text === ',') pos++;
      else value(depth + 1);
      skipNewlines();
    }
    pos++;
  }

  function body(depth: number, closing: boolean): Omit<HclBlock, 'type' | 'labels' | 'line'> {
    if (depth > MAX_DEPTH) fail('blocks nested too deeply');
    const attributes: HclBlock['attributes'] = {};
    const blocks: HclBlock[] = [];
    while (true) {
      skipNewlines();
      const t = peek();
      if (t.kind === 'eof') {
        if (closing) fail('a block is never closed with "}"');
        break;
      }
      if (t.kind === 'punct' && t.text === '}') {
        if (!closing) fail('a "}" closes no block');
        pos++;
        break;
      }
      if (t.kind !== 'ident') fail(`expected an attribute or a block, found ${JSON.stringify(t.text)}`);
      pos++;
      if (peek().kind === 'punct' && peek().text === '=') {
        pos++;
        attributes[t.text] = { value: expression(depth, ['}']), line: t.line };
        continue;
      }
      const labels: string[] = [];
      while (peek().kind === 'string' || peek().kind === 'ident') labels.push(tokens[pos++].text);
      expect('{');
      blocks.push({ type: t.text, labels, line: t.line, ...body(depth + 1, true) });
    }
    return { attributes, blocks };
  }

  /**
   * A value that may go on as an expression (`a ? b : c`, `x + 1`, `a == b`): the rest, up to a
   * stop at bracket depth 0, is skipped and the value is unknown.
   */
  function expression(depth: number, stops: string[]): HclValue {
    const first = value(depth);
    const atStop = () => {
      const t = peek();
      return t.kind === 'eof' || t.kind === 'newline' || (t.kind === 'punct' && stops.includes(t.text));
    };
    if (atStop()) return first;
    let nesting = 0;
    while (!(nesting === 0 && atStop())) {
      const t = peek();
      if (t.kind === 'eof') fail('an expression is never closed');
      if (t.kind === 'punct' && '([{'.includes(t.text)) nesting++;
      if (t.kind === 'punct' && ')]}'.includes(t.text)) nesting--;
      if (nesting < 0) fail(`unexpected ${JSON.stringify(t.text)}`);
      pos++;
    }
    return { unknown: 'an expression' };
  }

  return {
    blocks: () => body(0, false).blocks,
    single: () => {
      const v = value(0);
      skipNewlines();
      if (peek().kind !== 'eof') fail(`unexpected ${JSON.stringify(peek().text)} after the value`);
      return v;
    },
  };
}
