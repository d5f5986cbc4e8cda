// The result of grading one lab workspace: what every reporter (terminal, JSON, JUnit, Markdown,
// GitHub annotations) renders. The JSON reporter prints exactly this, so it is a public format:
// change it only by adding fields, and bump REPORT_SCHEMA for anything else.
import type { CheckResult } from '../types';

export const REPORT_SCHEMA = 'ecs-lab/report@1';

export interface ConceptGrade {
  concept: string;
  found: boolean;
}

export interface QuestionGrade {
  id: string;
  title: string;
  /** Whether the answer passes: right choice and enough rubric concepts named. */
  passed: boolean;
  points: number;
  maxPoints: number;
  choice: {
    answered?: string;
    correct: string;
    passed: boolean;
    /** The explanation of the option the learner chose (or of the correct one when unanswered). */
    explanation: string;
  };
  open: {
    answered: boolean;
    passed: boolean;
    concepts: ConceptGrade[];
    /** The concepts the answer is missing, by name. */
    missing: string[];
    minConcepts: number;
  };
}

export interface LabReport {
  schema: typeof REPORT_SCHEMA;
  /** `pinned`: the lab was named by the grader (`--lab`), not taken from the workspace's state. */
  lab: { id: string; title: string; layer: string; pinned?: boolean };
  target: 'offline' | 'aws';
  workspace: string;
  /** Checks in manifest order. */
  checks: CheckResult[];
  /** Absent when questions were not graded (e.g. `lab check --no-questions`). */
  questions?: QuestionGrade[];
  /** Points earned: a passing check is worth its manifest points (1 by default); questions as graded. */
  score: { points: number; maxPoints: number };
  summary: {
    checks: { passed: number; failed: number; errored: number; skipped: number; total: number };
    questions: { passed: number; total: number };
  };
  /** True when every check passes and every question passes. */
  passed: boolean;
  /** CDK warnings from synthesis and answers.md problems that did not stop grading. */
  warnings: string[];
  /** What the learner's app printed while it was synthesized (capped); shown, never judged. */
  appOutput?: string;
  durationMs: number;
}
