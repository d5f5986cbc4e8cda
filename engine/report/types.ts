// The result of grading one lab workspace: what every reporter (terminal, JSON, JUnit, Markdown,
// GitHub annotations) renders. The JSON reporter prints exactly this, so it is a public format:
// change it only by adding fields, and bump REPORT_SCHEMA for anything else.
import type { FaultEvent, FaultKind } from '../faults/types';
import type { CheckResult, CheckStatus } from '../types';

export const REPORT_SCHEMA = 'ecs-lab/report@2';

export type ItemKind = 'choice' | 'multi' | 'match' | 'order' | 'exact' | 'evidence';

/** One drawn item of a key question, graded. */
export interface ItemGrade {
  id: string;
  kind: ItemKind;
  prompt: string;
  /**
   * The learner's answer as answers.md holds it (this workspace's letters); a choice adds the
   * chosen option's text. Absent when unanswered and for evidence items.
   */
  answer?: string;
  passed: boolean;
  points: number;
  maxPoints: number;
  /**
   * Right: the explanation. Wrong: the chosen option's explanation (choice, multi) and where the
   * brief or the docs teach it — never the right answer or the right option's explanation.
   */
  feedback: string;
  /** `brief#<anchor>` or a documentation URL. */
  teaches: string;
  /** Evidence items: the check that decides, and its status in this run. */
  check?: { id: string; title?: string; status: CheckStatus | 'not-run' };
}

/** A key question's open answer: required, shown beside the model answer, never scored. */
export interface ReflectionGrade {
  prompt: string;
  /** The learner's text ('' when not written). */
  text: string;
  words: number;
  /** Written, with at least the required number of words. */
  present: boolean;
  /** The lab's model answer, given only once the learner has written their reflection. */
  modelAnswer?: string;
  /** Questions the learner asks of their own reflection. */
  selfCheck: string[];
}

export interface QuestionGrade {
  id: string;
  title: string;
  /** Every drawn item right and the reflection written. */
  passed: boolean;
  /** Points of the items answered right; the reflection earns none. */
  points: number;
  maxPoints: number;
  items: ItemGrade[];
  reflection: ReflectionGrade;
}

/** A check as reported: its replay (if any) is summarised under `faults` instead. */
export type ReportedCheck = Omit<CheckResult, 'replay'>;

/** The headline numbers of one fault replay. */
export interface FaultNumbers {
  /** Share of requests served over the replay, 0–1. */
  availability: number;
  /** Worst error rate of any step, 0–1. */
  worstErrorRate: number;
  /** Seconds from the fault's start until errors stopped for good; null when it never recovered. */
  recoverySeconds: number | null;
}

/** One fault replayed against the checked stack by a resilience check. */
export interface FaultReport extends FaultNumbers {
  /** The resilience check that judged the replay. */
  check: string;
  experiment: FaultKind;
  /** The ECS service the fault hit (its short construct path). */
  target: string;
  /** Seconds from the fault's start until the first errors (absent when there were none). */
  detectSeconds?: number;
  /** The check passed: the replay met the lab's availability and recovery limits. */
  passed: boolean;
  events: FaultEvent[];
  /** The same replay when the break was applied (the broken stack): before → after. Absent when unknown. */
  before?: FaultNumbers;
}

export interface LabReport {
  schema: typeof REPORT_SCHEMA;
  /** `pinned`: the lab was named by the grader (`--lab`), not taken from the workspace's state. */
  lab: { id: string; title: string; layer: string; pinned?: boolean };
  target: 'offline' | 'aws';
  workspace: string;
  /** Checks in manifest order. */
  checks: ReportedCheck[];
  /** Faults replayed by the lab's resilience checks; absent when the lab replays none. */
  faults?: FaultReport[];
  /** Absent when questions were not graded (e.g. `lab check --no-questions`). */
  questions?: QuestionGrade[];
  /** Points earned: a passing check is worth its manifest points (1 by default), a right item its points. */
  score: { points: number; maxPoints: number };
  summary: {
    checks: { passed: number; failed: number; errored: number; skipped: number; total: number };
    questions: { passed: number; total: number };
    /** Drawn items across all key questions. */
    items: { passed: number; total: number };
  };
  /** True when every check passes and every key question passes. False when questions were not graded. */
  passed: boolean;
  /** CDK warnings from synthesis and answers.md problems that did not stop grading. */
  warnings: string[];
  /** What the learner's app printed while it was synthesized (capped); shown, never judged. */
  appOutput?: string;
  durationMs: number;
  /** The ecs-lab version that graded it (`lab grade --merge` refuses reports of another version). */
  runnerVersion?: string;
  /** Hints the workspace's state says the learner asked for (a grading.json may take points off for them). */
  hintsShown?: number;
}
