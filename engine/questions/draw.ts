// Which items a workspace is asked, and in what order its options appear. Deterministic per
// workspace: everything follows from a seed kept in .lab/state.json, so `lab check` in CI grades the
// same draw the learner answered. A retry (`lab quiz`) bumps one key question's attempt counter,
// which is part of the seed material, for a fresh draw.
//
// The draw gives practice variety. For an exam, an instructor pins the seed (`--seed <learner's
// repo name>`) so every grader reproduces the learner's draw without trusting their state file.
import { createHash, randomBytes } from 'node:crypto';
import type { ChoiceItem, EvidenceItem, ExactItem, Item, MatchItem, MultiItem, OrderItem, Question } from './schema';

/** A fresh seed for a new workspace. */
export function newSeed(): string {
  return randomBytes(8).toString('hex');
}

/** The workspace's seed; an old state without one gets a stable seed from its lab and creation time. */
export function workspaceSeed(state: { lab: string; createdAt: string; seed?: string }): string {
  return state.seed ?? createHash('sha256').update(`${state.lab}\0${state.createdAt}`).digest('hex').slice(0, 16);
}

/** sfc32 over the first 16 bytes of a sha256 of the parts: small, fast and well mixed. */
export function rng(...parts: (string | number)[]): () => number {
  const h = createHash('sha256').update(parts.join('\0')).digest();
  let a = h.readUInt32LE(0);
  let b = h.readUInt32LE(4);
  let c = h.readUInt32LE(8);
  let d = h.readUInt32LE(12);
  return () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const r = (t + d) | 0;
    c = (c + r) | 0;
    return (r >>> 0) / 4294967296;
  };
}

/** Fisher–Yates with the given generator; returns a new array. */
export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** a, b, c … as the learner sees them. */
export const label = (i: number): string => String.fromCharCode(97 + i);

export interface DrawnOption {
  /** The letter shown to the learner. */
  label: string;
  /** The option's key in questions.yaml. */
  key: string;
}

export type DrawnItem =
  | { kind: 'choice'; item: ChoiceItem; options: DrawnOption[] }
  | { kind: 'multi'; item: MultiItem; options: DrawnOption[] }
  /** Left items numbered from 1 in `left` order (indices into pairs); right values lettered. */
  | { kind: 'match'; item: MatchItem; left: number[]; right: { label: string; value: string }[] }
  /** Steps as shown, lettered; `index` is the step's place in the right order. */
  | { kind: 'order'; item: OrderItem; steps: { label: string; index: number }[] }
  | { kind: 'exact'; item: ExactItem }
  | { kind: 'evidence'; item: EvidenceItem };

export interface DrawnQuestion {
  question: Question;
  attempt: number;
  /** In the pool's order. */
  items: DrawnItem[];
}

export interface Draw {
  lab: string;
  seed: string;
  questions: DrawnQuestion[];
  /** Short hash of everything the learner sees lettered; answers.md records it. */
  fingerprint: string;
}

function drawItem(item: Item, random: () => number): DrawnItem {
  switch (item.kind) {
    case 'choice':
    case 'multi': {
      const options = shuffle(item.options, random).map((o, i) => ({ label: label(i), key: o.key }));
      return item.kind === 'choice' ? { kind: 'choice', item, options } : { kind: 'multi', item, options };
    }
    case 'match': {
      const left = shuffle(item.pairs.map((_, i) => i), random);
      const values = [...new Set([...item.pairs.map((p) => p.right), ...item.distractors])];
      const right = shuffle(values, random).map((value, i) => ({ label: label(i), value }));
      return { kind: 'match', item, left, right };
    }
    case 'order': {
      // A shuffle that happens to leave the steps in order would give the answer away: rotate it.
      let order = shuffle(item.steps.map((_, i) => i), random);
      if (order.every((v, i) => v === i)) order = [...order.slice(1), order[0]];
      return { kind: 'order', item, steps: order.map((index, i) => ({ label: label(i), index })) };
    }
    case 'exact':
      return { kind: 'exact', item };
    case 'evidence':
      return { kind: 'evidence', item };
  }
}

/** The items of one key question for this seed and attempt. */
export function drawQuestion(question: Question, lab: string, seed: string, attempt = 0): DrawnQuestion {
  const pick = rng(seed, lab, question.id, '', attempt);
  const chosen = new Set(shuffle(question.items.map((_, i) => i), pick).slice(0, Math.min(question.draw, question.items.length)));
  const items = question.items
    .filter((_, i) => chosen.has(i))
    .map((item) => drawItem(item, rng(seed, lab, question.id, item.id, attempt)));
  return { question, attempt, items };
}

function fingerprintOf(questions: DrawnQuestion[]): string {
  const shape = questions.map((q) =>
    q.items.map((d) => {
      if (d.kind === 'choice' || d.kind === 'multi') return [d.item.id, d.options.map((o) => o.key).join('')];
      if (d.kind === 'match') return [d.item.id, d.left.join(','), d.right.map((r) => r.value).join('\u0001')];
      if (d.kind === 'order') return [d.item.id, d.steps.map((s) => s.index).join(',')];
      return [d.item.id];
    }),
  );
  return createHash('sha256').update(JSON.stringify(shape)).digest('hex').slice(0, 8);
}

/** The whole lab's draw: `attempts` holds a retry counter per key question id. */
export function drawLab(questions: Question[], lab: string, seed: string, attempts: Record<string, number> = {}): Draw {
  const drawn = questions.map((q) => drawQuestion(q, lab, seed, Object.hasOwn(attempts, q.id) ? attempts[q.id] : 0));
  return { lab, seed, questions: drawn, fingerprint: fingerprintOf(drawn) };
}

/** Every drawn item by id. */
export function drawnItems(draw: Draw): Map<string, { question: DrawnQuestion; drawn: DrawnItem }> {
  const out = new Map<string, { question: DrawnQuestion; drawn: DrawnItem }>();
  for (const q of draw.questions) for (const d of q.items) out.set(d.item.id, { question: q, drawn: d });
  return out;
}
