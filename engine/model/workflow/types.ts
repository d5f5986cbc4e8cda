// The GitHub Actions workflow as the automation checks read it: jobs, steps, `uses` refs,
// permissions, environments, concurrency and the expressions in them, each with the line of the
// workflow file it came from so a finding lands there. GitHub's own parser has validated the file
// before this model is built (see parse.ts), so the shapes here are the ones GitHub accepts.

/** A place in a workflow file: 1-based line and column. */
export interface Where {
  line: number;
  column: number;
}

/** `read`, `write` or `none` per scope, or one of the shorthands for every scope. */
export type Permissions =
  | { kind: 'all'; level: 'read-all' | 'write-all'; at: Where }
  | { kind: 'scopes'; scopes: Record<string, 'read' | 'write' | 'none'>; at: Where };

export interface Concurrency {
  /** The group as written (may hold `${{ }}` expressions). */
  group: string;
  /** `true`, `false`, or an expression GitHub evaluates per run (unknown offline). */
  cancelInProgress: boolean | 'expression';
  at: Where;
}

/** What a `uses:` names: a local path, a Docker image, or `owner/repo[/path]@ref`. */
export type UsesRef =
  | { kind: 'local'; raw: string; path: string; at: Where }
  | { kind: 'docker'; raw: string; image: string; digestPinned: boolean; at: Where }
  | { kind: 'remote'; raw: string; owner: string; repo: string; path?: string; ref: string; shaPinned: boolean; at: Where };

export interface WorkflowStep {
  /** 0-based position in the job. */
  index: number;
  id?: string;
  name?: string;
  uses?: UsesRef;
  run?: string;
  /**
   * `run` followed by the text of the workspace scripts it calls (`npm run deploy`, `./deploy.sh`;
   * see scripts.ts), for checks that look for a command. Set when the workflow is loaded from a workspace.
   */
  commands?: string;
  /** The step's `if:` as written, when it has one. */
  if?: string;
  with: Record<string, string>;
  env: Record<string, string>;
  at: Where;
}

export interface WorkflowJob {
  id: string;
  /** `job` runs steps on a runner; `reusable` calls a reusable workflow (`jobs.<id>.uses`). */
  kind: 'job' | 'reusable';
  needs: string[];
  if?: string;
  permissions?: Permissions;
  concurrency?: Concurrency;
  /** `environment: production` or `environment: { name: production }`. */
  environment?: { name: string; at: Where };
  /** The job runs once per matrix combination (`strategy.matrix`). */
  matrix: boolean;
  /** The reusable workflow a `reusable` job calls. */
  uses?: UsesRef;
  /** `secrets: inherit` on a reusable workflow call. */
  inheritsSecrets: boolean;
  env: Record<string, string>;
  steps: WorkflowStep[];
  at: Where;
}

export interface Workflow {
  /** Workspace-relative path (`.github/workflows/deploy.yml`). */
  file: string;
  name?: string;
  /** Event names that trigger it (`push`, `pull_request`, `workflow_dispatch`…). */
  on: string[];
  permissions?: Permissions;
  concurrency?: Concurrency;
  env: Record<string, string>;
  jobs: WorkflowJob[];
}
