// The contracts every part of ecs-lab speaks: labs, checks, results.
// This file has no runtime imports, so a lab manifest can import it without
// pulling in aws-cdk-lib (`lab list` must stay fast).

import type { AwsClients } from './aws/clients';
import type { FaultBreakSpec, FaultReplay } from './faults/types';
import type { StackModel } from './model/model';

/**
 * The five layers of the learning path, then the capstones that combine them: the practical
 * scenarios (`scenario/…`) and the advanced challenges (`challenge/…`).
 */
export type LayerId = 'foundation' | 'infrastructure' | 'security' | 'operations' | 'automation' | 'scenario' | 'challenge';
export const LAYERS: readonly LayerId[] = ['foundation', 'infrastructure', 'security', 'operations', 'automation', 'scenario', 'challenge'];

export type Severity = 'critical' | 'high' | 'medium' | 'low';

/** Where a thing was defined in the learner's workspace. Paths are relative to the workspace. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/** One problem a check found. */
export interface Finding {
  message: string;
  /** CloudFormation logical id of the resource concerned, when there is one. */
  logicalId?: string;
  /** CDK construct path (`Lab/TaskRole/Resource`). */
  constructPath?: string;
  /** Where the learner's code created the resource, when known. */
  location?: SourceLocation;
  /** What to do about it, in one sentence. */
  hint?: string;
}

export type CheckStatus = 'pass' | 'fail' | 'skip' | 'error';

export interface CheckResult {
  id: string;
  title: string;
  severity: Severity;
  status: CheckStatus;
  /** Failures for `fail`; for `error` one finding with the exception message; for `skip` the reason. */
  findings: Finding[];
  durationMs: number;
  /** Resilience checks: the fault replay the verdict was judged on. */
  replay?: FaultReplay;
  /**
   * The aws target: which side judged the verdict above (`offline`: the synthesized template only;
   * `live`: the deployed resources only, the offline side skipped; `both`: the worse of the two).
   * Absent on the offline target.
   */
  judgedBy?: 'offline' | 'live' | 'both';
  /** The aws target: the live side's own verdict, when the check has one (its findings are also in `findings`). */
  live?: LiveVerdict;
}

/** What a check's `live(ctx)` found in the account, kept apart from the offline verdict. */
export interface LiveVerdict {
  status: CheckStatus;
  findings: Finding[];
  durationMs: number;
}

/** References to the standards a check maps to; only the ones that exist. */
export interface CheckRefs {
  securityHub?: string[];
  cdkNag?: string[];
  /** SOC 2 Trust Services Criteria (AICPA TSC 2017, points of focus revised 2022): `CC6.1`, `CC7.2`, … */
  soc2?: string[];
  /** AWS Config managed rules, by rule name; where no Security Hub control judges the same thing they are the auditor's reference. */
  awsConfig?: string[];
  wellArchitected?: string[];
  docs?: string[];
}

/** What an offline check sees: the synthesized template and the model derived from it. */
export interface OfflineCheckContext<P = Record<string, unknown>> {
  /** The stack's CloudFormation template, as synthesized. */
  template: CfnTemplate;
  /** Resolved references, network and IAM views of the template. */
  model: StackModel;
  /** Parameters the lab manifest gave this check. */
  params: P;
  /** The synthesized cloud assembly folder (staged assets live here), when synthesized to disk. */
  assemblyDir?: string;
  /** The learner's workspace, when the template came from one (findings point at its files). */
  workspaceDir?: string;
}

/** A resource of the deployed stack, as CloudFormation lists it. */
export interface LiveResource {
  logicalId: string;
  /** The physical id CloudFormation gave it: an ARN, `sg-…`, a role or bucket name, … (by type). */
  physicalId: string;
  type: string;
  status?: string;
}

/** What a live check sees: the deployed stack's resources, SDK clients for its account, and the offline model. */
export interface LiveCheckContext<P = Record<string, unknown>> {
  /** SDK clients for the stack's account and region (mocked in tests). */
  clients: AwsClients;
  /** The deployed CloudFormation stack's name. */
  stackName: string;
  region: string;
  account: string;
  /** Every resource of the deployed stack (CloudFormation ListStackResources), by logical id. */
  resources: Map<string, LiveResource>;
  /** The offline model of the same template: which logical ids matter, names for messages. */
  model: StackModel;
  template: CfnTemplate;
  /** Parameters the lab manifest gave this check (validated by the check's `params`). */
  params: P;
  /** Waits between polls (drift detection); tests inject one that returns at once. */
  sleep: (ms: number) => Promise<void>;
}

/** A check's verdict before the runner adds id, title and timing. */
export type CheckOutcome =
  | { status: 'pass'; replay?: FaultReplay }
  | { status: 'fail'; findings: Finding[]; replay?: FaultReplay }
  | { status: 'skip'; reason: string };

export interface CheckDefinition<P = Record<string, unknown>> {
  /** `<domain>.<what-it-checks>`, e.g. `iam.task-role-least-privilege`. */
  id: string;
  title: string;
  severity: Severity;
  /** Two or three sentences a learner can learn from: why this matters. */
  why: string;
  refs: CheckRefs;
  /** Validates and defaults the parameters a lab passes; throw a readable Error when they are wrong. */
  params?: (raw: Record<string, unknown>) => P;
  offline(ctx: OfflineCheckContext<P>): CheckOutcome | Promise<CheckOutcome>;
  /**
   * Judges the deployed resources through the AWS SDK (the `aws` target, beside `offline`). Say
   * `skip` when the subject is not deployed; a thrown SDK error becomes `error` for this check alone.
   */
  live?(ctx: LiveCheckContext<P>): CheckOutcome | Promise<CheckOutcome>;
}

export function defineCheck<P = Record<string, unknown>>(def: CheckDefinition<P>): CheckDefinition<P> {
  return def;
}

/** A CloudFormation template as JSON. */
export interface CfnTemplate {
  Resources?: Record<string, CfnResource>;
  Outputs?: Record<string, unknown>;
  Parameters?: Record<string, unknown>;
  Conditions?: Record<string, unknown>;
  Mappings?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface CfnResource {
  Type: string;
  Properties?: Record<string, any>;
  DependsOn?: string | string[];
  Metadata?: Record<string, unknown>;
  Condition?: string;
  [key: string]: unknown;
}

// ---------------------------------------------------------------- labs

/** A search-and-replace edit on one workspace file. `find` must occur exactly once. */
export interface FileEdit {
  file: string;
  find: string;
  replace: string;
}

/**
 * One change a `drift` break makes to the deployed account through the SDK (never to the code).
 * Resources are named by construct id, as in the learner's code; the runner finds their physical
 * ids in the deployed stack and records what it changed, with the previous values, so `lab reset`
 * can undo it.
 */
export type DriftAction =
  /** Adds an ingress rule to a security group: `cidr` on tcp `port`. */
  | { kind: 'open-ingress'; securityGroup: string; cidr: string; port: number }
  /** Sets an ECS service's desired count. */
  | { kind: 'desired-count'; service: string; count: number }
  /** Detaches a managed policy from a role (it must be attached). */
  | { kind: 'detach-policy'; role: string; policyArn: string };

/**
 * A break: what goes wrong on purpose. A `code` break edits the learner's files. A `drift` break
 * (aws target only) changes the deployed resources through the SDK (`drift`). A `fault` break
 * names a fault (see engine/faults/types.ts): offline its impact is predicted by the simulator and
 * replayed after the fix; with the aws target the stack's FIS experiment runs for real. A fault
 * break may also edit files (a bad release is a code change that a deployment then rolls out).
 */
export interface BreakDefinition {
  id: string;
  kind: 'code' | 'fault' | 'drift';
  /** What the learner is told happened, without giving away the fix. */
  story: string;
  edits: FileEdit[];
  /** Kind `fault`: the scenario, load and hypothesis. */
  fault?: FaultBreakSpec;
  /** Kind `drift`: the changes made to the deployed account, in order. */
  drift?: DriftAction[];
  /** The check ids this break makes fail. */
  breaks: string[];
}

export interface LabCheckRef {
  id: string;
  params?: Record<string, unknown>;
  points?: number;
}

export interface LabManifest {
  /** `<layer>/<slug>`; progress is stored by this id. */
  id: string;
  title: string;
  layer: LayerId;
  /** Position inside the layer; ordering only, never identity. */
  order: number;
  minutes: number;
  objectives: string[];
  /** Curriculum ids (see engine/catalogue/curriculum.ts) this lab teaches and checks. */
  covers: string[];
  /** The workspace entry, relative to the workspace: exports a Stack subclass or a function of an App. */
  entry: string;
  /** The file the lab is about, when not the entry (`app/Dockerfile`): "Next: open …" points at it. */
  focus?: string;
  /** The CloudFormation stack name the engine gives the learner's stack. */
  stackName: string;
  /**
   * Folders of stacks/ the workspace gets a copy of, under the same name (`faults` →
   * `<workspace>/faults/`), so the learner's app can import them and stays self-contained.
   * The runner owns these copies: start and reset write them afresh.
   */
  library?: string[];
  breaks: BreakDefinition[];
  /** Which break `lab start` applies. */
  defaultBreak?: string;
  checks: LabCheckRef[];
  /** Checks the starter fails before any break: the task itself. */
  taskChecks?: string[];
  /** Three levels: a nudge, a pointer, nearly the answer. */
  hints: [string, string, string];
}

export function defineLab(manifest: LabManifest): LabManifest {
  return manifest;
}
