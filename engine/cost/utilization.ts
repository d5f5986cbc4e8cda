// Utilization data sets the cost lab sizes a service from (data/*.json, written by
// scripts/generate-utilization.mjs), and what they say a service needs.
import checkout from './data/checkout-utilization.json';

export interface Percentiles {
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

export interface UtilizationSet {
  service: string;
  from: string;
  to: string;
  measuredOn: { tasks: number; cpuUnits: number; memoryMiB: number; cpuArchitecture: string };
  cpuMsPerRequest: number;
  businessHours: { days: string; from: string; to: string };
  summary: {
    businessHours: { hours: number; rps: Percentiles; cpuUnitsTotal: Percentiles; cpuPercent: Percentiles };
    offHours: { hours: number; rps: Percentiles; cpuUnitsTotal: Percentiles; cpuPercent: Percentiles };
    memoryMiBPerTask: Percentiles;
  };
}

export const UTILIZATION_SETS: Record<string, UtilizationSet> = { checkout: checkout as UtilizationSet };

/**
 * Size CPU for the 99th percentile at 70 % utilization: the headroom target tracking needs while
 * it adds tasks (AWS's ECS examples track 50–75 % CPU; see checks/scaling/target-tracking.ts).
 */
export const CPU_TARGET_UTILIZATION = 0.7;
/**
 * Memory is not elastic: a task that runs out is killed (OOM), so size for the highest value seen
 * with a quarter on top for what two weeks did not show.
 */
export const MEMORY_HEADROOM = 1.25;

/** Business hours as hours of the week (0 = Monday 00:00): Mon–Fri 07:00–19:00, as the data set defines them. */
export function businessHoursOfWeek(): Set<number> {
  const out = new Set<number>();
  for (let day = 0; day < 5; day++) for (let h = 7; h < 19; h++) out.add(day * 24 + h);
  return out;
}

export interface Need {
  businessCpuUnits: number;
  offHoursCpuUnits: number;
  memoryMiB: number;
}

/** The service-wide CPU and per-task memory the data set says the service needs. */
export function needOf(set: UtilizationSet): Need {
  return {
    businessCpuUnits: Math.ceil(set.summary.businessHours.cpuUnitsTotal.p99 / CPU_TARGET_UTILIZATION),
    offHoursCpuUnits: Math.ceil(set.summary.offHours.cpuUnitsTotal.p99 / CPU_TARGET_UTILIZATION),
    memoryMiB: Math.ceil(set.summary.memoryMiBPerTask.max * MEMORY_HEADROOM),
  };
}
