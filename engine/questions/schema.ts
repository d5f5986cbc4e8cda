// The shape of a lab's questions.yaml: one entry per key question, each with a choice item
// (every option explained) and an open item graded against a rubric of concepts.
import { z } from 'zod';

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lowercase letters, digits and dashes');

export const ChoiceOptionSchema = z.object({
  key: z.string().regex(/^[a-z]$/, 'a single lowercase letter'),
  text: z.string().min(1),
  correct: z.boolean().default(false),
  /** Why this option is right or wrong; shown after answering. */
  explanation: z.string().min(1),
});

export const RubricConceptSchema = z.object({
  /** The idea, as the feedback names it when it is missing. */
  concept: z.string().min(1),
  /**
   * Accepted phrasings. Matching ignores case, punctuation and extra spaces; a phrasing matches
   * whole words. `/regex/` phrasings are regular expressions (case-insensitive).
   */
  accept: z.array(z.string().min(1)).min(1),
});

export const QuestionSchema = z.object({
  id,
  /** The curriculum key question this answers (see engine/catalogue/curriculum.ts). */
  curriculum: z.string().min(1),
  title: z.string().min(1),
  choice: z.object({
    prompt: z.string().min(1),
    options: z.array(ChoiceOptionSchema).min(2),
  }).refine((c) => c.options.filter((o) => o.correct).length === 1, 'exactly one option must be correct'),
  open: z.object({
    prompt: z.string().min(1),
    rubric: z.array(RubricConceptSchema).min(1),
    /** How many concepts a passing answer names; defaults to all of them. */
    minConcepts: z.number().int().positive().optional(),
  }),
  points: z.number().int().positive().default(2),
});

export const QuestionsFileSchema = z.object({
  questions: z.array(QuestionSchema).min(1),
});

export type Question = z.infer<typeof QuestionSchema>;
export type QuestionsFile = z.infer<typeof QuestionsFileSchema>;
