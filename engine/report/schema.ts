// The LabReport as a zod schema: tests validate the JSON reporter's output with it, and
// docs/report.schema.json is generated from it (reporters.test.ts fails when the file drifts).
// A type-level assertion below keeps it equal to the LabReport interface in types.ts.
import { z } from 'zod';
import type { LabReport } from './types';
import { REPORT_SCHEMA } from './types';

export const SourceLocationSchema = z.object({
  file: z.string().min(1).describe('Path of the file, relative to the workspace.'),
  line: z.number().int().positive().describe('1-based line.'),
  column: z.number().int().positive().describe('1-based column.'),
});

export const FindingSchema = z.object({
  message: z.string().describe('What is wrong, in one sentence.'),
  logicalId: z.string().optional().describe('CloudFormation logical id of the resource concerned.'),
  constructPath: z.string().optional().describe('CDK construct path, e.g. Lab/TaskRole/Resource.'),
  location: SourceLocationSchema.optional().describe("Where the learner's code created the resource, when known."),
  hint: z.string().optional().describe('What to do about it, in one sentence.'),
});

export const CheckResultSchema = z.object({
  id: z.string().describe('Check id, `<domain>.<what-it-checks>`.'),
  title: z.string(),
  severity: z.enum(['critical', 'high', 'medium', 'low']),
  status: z.enum(['pass', 'fail', 'skip', 'error']),
  findings: z
    .array(FindingSchema)
    .describe('Failures for `fail`; for `error` one finding with the exception message; for `skip` the reason; empty for `pass`.'),
  durationMs: z.number().nonnegative(),
  judgedBy: z
    .enum(['offline', 'live', 'both'])
    .optional()
    .describe('The aws target: which side judged `status` — the synthesized template (offline), the deployed resources (live), or both (the worse of the two). Absent on the offline target.'),
  live: z
    .object({
      status: z.enum(['pass', 'fail', 'skip', 'error']),
      findings: z.array(FindingSchema).describe('What the live side found; also in the check\'s `findings`, prefixed `live:`.'),
      durationMs: z.number().nonnegative(),
    })
    .optional()
    .describe("The aws target: the live side's own verdict, for checks that have one."),
});

const FaultNumbersShape = {
  availability: z.number().min(0).max(1).describe('Share of requests served over the replay, 0–1.'),
  worstErrorRate: z.number().min(0).max(1).describe('Worst error rate of any step, 0–1.'),
  recoverySeconds: z.number().nonnegative().nullable().describe("Seconds from the fault's start until errors stopped for good; null when it never recovered."),
};

export const FaultReportSchema = z.object({
  check: z.string().describe('The resilience check that judged the replay.'),
  experiment: z.enum(['stop-tasks', 'az-outage', 'cpu-stress', 'network-latency', 'bad-release', 'release']),
  target: z.string().describe('The ECS service the fault hit (its short construct path).'),
  ...FaultNumbersShape,
  detectSeconds: z.number().nonnegative().optional().describe("Seconds from the fault's start until the first errors; absent when there were none."),
  passed: z.boolean().describe("The replay met the lab's availability and recovery limits."),
  events: z.array(z.object({ atSecond: z.number(), message: z.string() })).describe('What happened, in order.'),
  before: z.object(FaultNumbersShape).optional().describe('The same replay when the break was applied: before → after.'),
});

export const ItemGradeSchema = z.object({
  id: z.string().describe('Item id, unique in the lab.'),
  kind: z.enum(['choice', 'multi', 'match', 'order', 'exact', 'evidence']),
  prompt: z.string(),
  answer: z
    .string()
    .optional()
    .describe("The learner's answer in this workspace's letters (a choice adds the chosen option's text); absent when unanswered and for evidence items."),
  passed: z.boolean(),
  points: z.number().nonnegative(),
  maxPoints: z.number().nonnegative(),
  feedback: z
    .string()
    .describe("Right: the explanation. Wrong: the chosen option's explanation and where to read; never the right answer or its explanation."),
  teaches: z.string().describe('`brief#<anchor>` (a heading of the brief) or a documentation URL.'),
  check: z
    .object({
      id: z.string(),
      title: z.string().optional(),
      status: z.enum(['pass', 'fail', 'skip', 'error', 'not-run']),
    })
    .optional()
    .describe('Evidence items: the check that decides, and its status in this run.'),
});

export const ReflectionGradeSchema = z.object({
  prompt: z.string(),
  text: z.string().describe("The learner's reflection ('' when not written)."),
  words: z.number().int().nonnegative(),
  present: z.boolean().describe('Written, with at least 25 words. Reflections are never scored.'),
  modelAnswer: z.string().optional().describe("The lab's model answer; present only once the learner has written their reflection."),
  selfCheck: z.array(z.string()).describe('Questions the learner asks of their own reflection.'),
});

export const QuestionGradeSchema = z.object({
  id: z.string().describe('Key question id.'),
  title: z.string(),
  passed: z.boolean().describe('Every drawn item right and the reflection written.'),
  points: z.number().nonnegative().describe('Points of the items answered right; the reflection earns none.'),
  maxPoints: z.number().nonnegative(),
  items: z.array(ItemGradeSchema).describe("The items drawn for this workspace, in the pool's order."),
  reflection: ReflectionGradeSchema,
});

const countsSchema = z.object({
  passed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  errored: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});

export const LabReportSchema = z
  .object({
    schema: z.literal(REPORT_SCHEMA).describe('Format id; changes only when a field changes meaning or goes away.'),
    lab: z.object({
      id: z.string().describe('`<layer>/<slug>`'),
      title: z.string(),
      layer: z.string(),
      pinned: z.boolean().optional().describe('true when the grader named the lab (`--lab`); otherwise it came from the workspace state'),
    }),
    target: z.enum(['offline', 'aws']),
    workspace: z.string().describe('The workspace folder that was checked.'),
    checks: z.array(CheckResultSchema).describe('In the order of the lab manifest.'),
    faults: z.array(FaultReportSchema).optional().describe("Faults replayed by the lab's resilience checks; absent when the lab replays none."),
    questions: z.array(QuestionGradeSchema).optional().describe('Absent when questions were not graded.'),
    score: z.object({ points: z.number().nonnegative(), maxPoints: z.number().nonnegative() }),
    summary: z.object({
      checks: countsSchema,
      questions: z.object({ passed: z.number().int().nonnegative(), total: z.number().int().nonnegative() }),
      items: z.object({ passed: z.number().int().nonnegative(), total: z.number().int().nonnegative() }).describe('Drawn items across all key questions.'),
    }),
    passed: z.boolean().describe('True when every check passes and every key question passes; false when questions were not graded.'),
    warnings: z.array(z.string()),
    appOutput: z.string().optional().describe("what the learner's app printed while it was synthesized (capped); never judged"),
    durationMs: z.number().nonnegative(),
    runnerVersion: z.string().optional().describe('The ecs-lab version that graded it.'),
    hintsShown: z.number().int().nonnegative().optional().describe("Hints the workspace's state says the learner asked for."),
  })
  .describe('The result of `lab check` for one lab workspace (ecs-lab/report@2).');

/**
 * The JSON Schema published as docs/report.schema.json. `io: 'input'` leaves objects open to
 * extra properties, matching the promise in types.ts that the format grows only by adding fields.
 */
export function reportJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(LabReportSchema, { io: 'input' });
  return { $schema: schema.$schema, title: 'ecs-lab LabReport', ...schema };
}

// Compile-time proof that the schema and the interface describe the same shape: if either
// changes alone, `tsc` fails here.
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
export type _LabReportSchemaMatchesType = Assert<Equals<z.infer<typeof LabReportSchema>, LabReport>>;
