// How an open answer is compared with a rubric phrasing: normalized words, whole-word sequences,
// a light tolerance for plural and verb endings, and `/regex/` phrasings for anything subtler.

/** Lowercase words, with every run of punctuation or whitespace turned into one space. */
export function normalize(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '') // drop accents so "rôle" reads as "role"
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function words(text: string): string[] {
  const n = normalize(text);
  return n ? n.split(' ') : [];
}

/**
 * The forms a word may stand for once a plural or verb ending is taken off ("policies" → policy,
 * "assumed" → assume, "running" → run). Two words match when their forms overlap. Not a real
 * stemmer: it only has to be symmetric and never join unrelated short words, so words of three
 * letters or fewer match only themselves and no form is shorter than three letters.
 */
export function wordForms(word: string): Set<string> {
  const forms = new Set([word]);
  if (word.length <= 3) return forms;
  const add = (s: string) => {
    if (s.length >= 3) forms.add(s);
  };
  const undouble = (s: string) => (/([^aeiouslz])\1$/.test(s) ? s.slice(0, -1) : s);
  if (word.endsWith('ies')) add(word.slice(0, -3) + 'y');
  if (word.endsWith('es')) add(word.slice(0, -2));
  if (word.endsWith('s') && !/(ss|us|is)$/.test(word)) add(word.slice(0, -1));
  if (word.endsWith('ied')) add(word.slice(0, -3) + 'y');
  if (word.endsWith('ed')) {
    const base = word.slice(0, -2);
    add(base);
    add(word.slice(0, -1)); // "used" → use
    add(undouble(base)); // "stopped" → stop
  }
  if (word.endsWith('ing')) {
    const base = word.slice(0, -3);
    add(base);
    add(base + 'e'); // "using" → use
    add(undouble(base)); // "running" → run
  }
  return forms;
}

function sameWord(a: Set<string>, b: Set<string>): boolean {
  for (const f of a) if (b.has(f)) return true;
  return false;
}

/** An answer prepared once, then tested against every phrasing. */
export interface PreparedText {
  /** The text with whitespace collapsed; what `/regex/` phrasings run against. */
  raw: string;
  words: string[];
  forms: Set<string>[];
}

export function prepare(text: string): PreparedText {
  const ws = words(text);
  return { raw: text.replace(/\s+/g, ' ').trim(), words: ws, forms: ws.map(wordForms) };
}

export interface Phrasing {
  source: string;
  isRegex: boolean;
  /** The phrasing's words (empty for a regex). */
  words: string[];
  test(answer: PreparedText): boolean;
}

const REGEX_PHRASING = /^\/(.+)\/([a-z]*)$/s;

/** Compiles one accepted phrasing; throws an Error naming the problem when it can never match. */
export function compilePhrasing(source: string): Phrasing {
  const re = REGEX_PHRASING.exec(source.trim());
  if (re) {
    const flags = [...new Set(`${re[2]}i`)].join('');
    let regex: RegExp;
    try {
      // g and y make RegExp.test stateful between answers, so they are dropped.
      regex = new RegExp(re[1], flags.replace(/[gy]/g, ''));
    } catch (e) {
      throw new Error(`${source} is not a valid regular expression (${(e as Error).message})`);
    }
    return { source, isRegex: true, words: [], test: (a) => regex.test(a.raw) };
  }
  const ws = words(source);
  if (ws.length === 0) throw new Error(`"${source}" has no letters or digits, so it can never match`);
  const forms = ws.map(wordForms);
  return {
    source,
    isRegex: false,
    words: ws,
    test: (a) => {
      // Whole-word sequence match: "role" never matches inside "controller".
      outer: for (let i = 0; i + forms.length <= a.forms.length; i++) {
        for (let j = 0; j < forms.length; j++) if (!sameWord(forms[j], a.forms[i + j])) continue outer;
        return true;
      }
      return false;
    },
  };
}
