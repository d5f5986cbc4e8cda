// The contracts of the fault side: what a lab's fault break names (a scenario and the load the
// service carries), and what a replay of that fault against a synthesized stack yields. The
// simulator (./simulate), the FIS experiment constructs (stacks/faults), the resilience checks
// (checks/resilience) and the report all speak these types. No runtime imports here.

/**
 * What goes wrong. FIS-backed scenarios mirror one experiment of stacks/faults (the aws target
 * starts that experiment for real); `bad-release` is a deployment of a task definition whose
 * containers never become healthy, or (`failure: 'requests'`) pass their health checks and fail every
 * request (a code break, replayed as the service's deployment: rolling, or ECS blue/green, canary and
 * linear); `release` is the same deployment of a good revision, the control replay.
 */
export type FaultScenario =
  | { kind: 'stop-tasks'; /** How many of the service's tasks FIS stops at once. */ selection: { count: number } | { percent: number } }
  | {
      kind: 'az-outage';
      /** Which of the service's Availability Zones goes dark: its index in sorted order (0 = the first). */
      az: number;
      durationSeconds: number;
    }
  | { kind: 'cpu-stress'; /** CPU load FIS adds in each stressed task, 0–100. */ percent: number; durationSeconds: number; /** Share of tasks stressed, 0–100 (default 100). */ tasksPercent?: number }
  | { kind: 'network-latency'; delayMs: number; durationSeconds: number; tasksPercent?: number }
  | {
      kind: 'bad-release';
      /** How the release is bad: its health check never passes (the default), or it passes them and fails every request. */
      failure?: 'health-check' | 'requests';
    }
  | { kind: 'release' };

export type FaultKind = FaultScenario['kind'];

/** The traffic the service carries during a replay. */
export interface LoadProfile {
  /** Requests per second, as steps: each holds from its second until the next step. Sorted by atSecond; the first at 0. */
  phases: { atSecond: number; rps: number }[];
  /** vCPU-milliseconds one request costs: with the task's CPU units it sets what one task can serve. */
  cpuMsPerRequest: number;
  /** Length of the replay in seconds. */
  durationSeconds: number;
}

/** A break of kind `fault`: the scenario, when it starts, the load, and what the lab claims. */
export interface FaultBreakSpec {
  scenario: FaultScenario;
  /** Second of the replay at which the fault begins. */
  startsAtSecond: number;
  load: LoadProfile;
  /** The steady-state hypothesis the experiment tests, in one sentence ("keeps serving 99.9 % while one AZ is lost"). */
  hypothesis: string;
  /** Construct id of the stack's FIS experiment template the aws target starts (absent for `bad-release`). */
  experiment?: string;
  /** Which ECS service is the target: construct id or path fragment; default the only service. */
  service?: string;
}

export interface FaultEvent {
  atSecond: number;
  message: string;
}

/** One step of the timeline. */
export interface TimelineStep {
  atSecond: number;
  /** Tasks running and serving (past their start) per AZ name. */
  runningByAz: Record<string, number>;
  /** Tasks launched but not yet serving. */
  starting: number;
  healthyTargets: number;
  /** Requests per second the healthy tasks can serve. */
  capacityRps: number;
  demandRps: number;
  /** Share of demand failed in this step, 0–1. */
  errorRate: number;
  /** Desired count the service (or its auto scaling) asks for. */
  desired: number;
  /** Latency a `network-latency` fault adds to the affected tasks' responses in this step, in ms (absent when none). */
  addedLatencyMs?: number;
}

/** How a replayed deployment (`bad-release`) ended. */
export interface DeploymentOutcome {
  /** `rolled-back`: the circuit breaker restored the last completed revision; `stuck`: it never stabilised (or failed without rollback); `completed`: ECS took the release as healthy. */
  outcome: 'completed' | 'rolled-back' | 'stuck';
  /** Second of the replay at which it completed or finished rolling back (absent when stuck). */
  atSecond?: number;
  /** Tasks of the release that ECS stopped as failed. */
  failedTasks?: number;
  /** Failed tasks at which the circuit breaker trips (absent without a circuit breaker). */
  circuitBreakerThreshold?: number;
  /** Blue/green, canary and linear only: second at which production traffic first reached the release (absent: never). */
  productionShiftAtSecond?: number;
  /** Blue/green, canary and linear only: the lifecycle stage whose hook failed the release, when one did. */
  failedAtStage?: string;
}

/** The result of replaying one fault against one service of a synthesized stack. */
export interface FaultReplay {
  /** The scenario kind (`az-outage`, …). */
  experiment: FaultKind;
  /** The service replayed: its short construct path. */
  target: string;
  /** Share of requests served over the whole replay, 0–1. */
  availability: number;
  /** Worst error rate of any step, 0–1. */
  worstErrorRate: number;
  /** Seconds from the fault's start until the first step with errors (absent when there were none). */
  detectSeconds?: number;
  /** Seconds from the fault's start until errors stopped for good; null when it never recovered. */
  recoverySeconds: number | null;
  events: FaultEvent[];
  timeline: TimelineStep[];
  /** The AZ names in the order the timeline uses. */
  azs: string[];
  stepSeconds: number;
  /** Second of the replay at which the fault began. */
  startsAtSecond?: number;
  /** Facts the stack left out that the replay gave AWS's defaults ("target group interval 30 s"). */
  assumed?: string[];
  /** `bad-release` and `release` only: how the deployment ended. */
  deployment?: DeploymentOutcome;
}
