// The shape of a lab's questions.yaml (docs/authoring-labs.md): one entry per key question, each a
// pool of auto-graded items (choice, multi, match, order, exact, evidence) of which a workspace is
// asked `draw`, and a reflection that is required but never scored.
import { z } from 'zod';

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lowercase letters, digits and dashes');
const text = z.string().trim().min(1);

/** `brief#anchor` (a heading of the lab's brief.md) or a documentation URL. */
const teaches = z
  .string()
  .trim()
  .min(1)
  .refine((t) => t.startsWith('brief#') || t.startsWith('https://'), 'use brief#<heading-anchor> or an https://docs.aws.amazon.com/… URL');

export const OptionSchema = z.object({
  /** A stable id used only in the YAML; learners see options shuffled and relabelled. */
  key: z.string().regex(/^[a-z]$/, 'a single lowercase letter'),
  text,
  correct: z.boolean().default(false),
  /** Why this option is right or wrong; shown after answering. */
  explanation: text,
});

const base = {
  id,
  teaches,
  prompt: text,
  /** Points for a right answer. */
  points: z.number().int().positive().default(1),
};

export const ChoiceItemSchema = z.object({
  ...base,
  kind: z.literal('choice'),
  options: z
    .array(OptionSchema)
    .min(3, 'give 3 to 5 options')
    .max(5, 'give 3 to 5 options')
    .refine((o) => o.filter((x) => x.correct).length === 1, 'exactly one option must be correct'),
});

export const MultiItemSchema = z.object({
  ...base,
  kind: z.literal('multi'),
  options: z
    .array(OptionSchema)
    .min(3, 'give 3 to 5 options')
    .max(5, 'give 3 to 5 options')
    .refine((o) => o.some((x) => x.correct), 'at least one option must be correct')
    .refine((o) => o.some((x) => !x.correct), 'at least one option must be wrong'),
});

export const MatchItemSchema = z.object({
  ...base,
  kind: z.literal('match'),
  pairs: z.array(z.object({ left: text, right: text })).min(3, 'give 3 to 6 pairs').max(6, 'give 3 to 6 pairs'),
  /** Extra right-hand values that match nothing. */
  distractors: z.array(text).default([]),
  explanation: text,
});

export const OrderItemSchema = z.object({
  ...base,
  kind: z.literal('order'),
  /** In the right order. */
  steps: z.array(text).min(3, 'give 3 to 6 steps').max(6, 'give 3 to 6 steps'),
  explanation: text,
});

export const EXACT_FORMATS = ['text', 'number', 'cidr', 'arn-action'] as const;

export const ExactItemSchema = z.object({
  ...base,
  kind: z.literal('exact'),
  answer: z.union([z.string(), z.number()]).transform(String).pipe(text),
  accept: z.array(z.union([z.string(), z.number()]).transform(String)).default([]),
  format: z.enum(EXACT_FORMATS).default('text'),
  /** Numbers only: how far from `answer` is still right. */
  tolerance: z.number().nonnegative().default(0),
  explanation: text,
});

export const EvidenceItemSchema = z.object({
  ...base,
  kind: z.literal('evidence'),
  /** A check of the lab: the item is right when that check passes in the same run. */
  check: z.string().min(1),
  explanation: text,
});

export const ItemSchema = z.discriminatedUnion('kind', [
  ChoiceItemSchema,
  MultiItemSchema,
  MatchItemSchema,
  OrderItemSchema,
  ExactItemSchema,
  EvidenceItemSchema,
]);

export const ReflectionSchema = z.object({
  prompt: text,
  /** The lab's model answer, shown beside the learner's once they have written theirs. */
  modelAnswer: text,
  selfCheck: z.array(text).min(3, 'give 3 to 5 self-check questions').max(5, 'give 3 to 5 self-check questions'),
});

export const QuestionSchema = z.object({
  id,
  /** The curriculum key question this answers (see engine/catalogue/curriculum.ts). */
  curriculum: z.string().min(1),
  title: text,
  /** How many items of the pool each attempt asks. */
  draw: z.number().int().positive().default(2),
  items: z.array(ItemSchema).min(1),
  reflection: ReflectionSchema,
});

export const QuestionsFileSchema = z.object({
  questions: z.array(QuestionSchema).min(1),
});

export type Option = z.infer<typeof OptionSchema>;
export type Item = z.infer<typeof ItemSchema>;
export type ItemKind = Item['kind'];
export type ChoiceItem = z.infer<typeof ChoiceItemSchema>;
export type MultiItem = z.infer<typeof MultiItemSchema>;
export type MatchItem = z.infer<typeof MatchItemSchema>;
export type OrderItem = z.infer<typeof OrderItemSchema>;
export type ExactItem = z.infer<typeof ExactItemSchema>;
export type EvidenceItem = z.infer<typeof EvidenceItemSchema>;
export type Reflection = z.infer<typeof ReflectionSchema>;
export type Question = z.infer<typeof QuestionSchema>;
export type QuestionsFile = z.infer<typeof QuestionsFileSchema>;
export type QuestionsInput = z.input<typeof QuestionsFileSchema>;
