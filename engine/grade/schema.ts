// The class report `lab grade --json` prints (ecs-lab/grade@1) and the instructor's grading.json,
// as zod schemas: the CLI validates grading.json with them, tests validate the JSON output.
import { z } from 'zod';

export const GRADE_SCHEMA = 'ecs-lab/grade@1';

export const LearnerSchema = z.object({
  path: z.string().describe('The submission as given (a workspace or repository folder, or a report file with --merge).'),
  lab: z.string().describe('The lab it was graded as, `<layer>/<slug>`.'),
  status: z.enum(['passed', 'failed', 'error']).describe('`error`: it could not be graded (see `error`).'),
  points: z.number().nonnegative().describe('Points after the hint penalty; 0 for `error`.'),
  maxPoints: z.number().nonnegative(),
  error: z.string().optional().describe('Why it could not be graded, in one line. Present only for `error`.'),
  hintsShown: z.number().int().nonnegative().optional().describe('Hints the learner asked for, when known.'),
  late: z.boolean().optional().describe('Last changed after grading.json\'s dueDate. Present only when a due date is set and the time is known.'),
  durationMs: z.number().nonnegative().optional().describe('Wall time of this grading.'),
});

export const GradeReportSchema = z
  .object({
    schema: z.literal(GRADE_SCHEMA),
    learners: z.array(LearnerSchema).describe('One per submission, in the order given (sorted by path within a glob or folder).'),
    problems: z.array(z.string()).describe('One line per problem: each submission that could not be graded, a bad grading.json, a report that does not match.'),
    summary: z.object({
      passed: z.number().int().nonnegative(),
      failed: z.number().int().nonnegative(),
      errored: z.number().int().nonnegative(),
      total: z.number().int().nonnegative(),
    }),
    shard: z.object({ index: z.number().int().positive(), count: z.number().int().positive() }).optional().describe('`--shard i/n`: which slice this is.'),
  })
  .describe('The result of `lab grade` for a class (ecs-lab/grade@1).');

export type Learner = z.infer<typeof LearnerSchema>;
export type GradeReport = z.infer<typeof GradeReportSchema>;

/** grading.json: what an instructor commits beside the class's submissions. Every field optional. */
export const GradingConfigSchema = z
  .object({
    $schema: z.string().optional(),
    hintPenalty: z.number().nonnegative().max(100).optional().describe('Points taken off per hint shown (never below 0).'),
    requiredLabs: z.array(z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, 'a lab id is <layer>/<slug>')).min(1).optional().describe('The labs of this class: grading another lab is a problem.'),
    passingScore: z.number().min(0).max(100).optional().describe('Percent of maxPoints (after the penalty) that passes; without it, a submission passes when `lab check` passes it.'),
    dueDate: z.iso.datetime({ offset: true }).optional().describe('ISO 8601; a submission last changed after it is marked `late`.'),
  })
  .strict();

export type GradingConfig = z.infer<typeof GradingConfigSchema>;
