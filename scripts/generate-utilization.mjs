// Writes engine/cost/data/checkout-utilization.json: two weeks of hourly CloudWatch-style samples of
// the cost lab's checkout service (4 tasks of 2 vCPU / 8 GB, x86), and their percentiles. The shape
// is the one Container Insights shows for a shop's web tier: a weekday curve from 07:00 with a lunch
// and an early-evening peak, quiet nights, a flatter weekend; CPU follows the requests, memory
// follows the process's heap with a little growth under load. Deterministic: same seed, same file.
//
//   node scripts/generate-utilization.mjs        (re-run after changing the model; commit the JSON)
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SEED = 20261130;
const START = Date.UTC(2026, 10, 16); // Monday 16 November 2026, 00:00 (the service's local time)
const HOURS = 14 * 24;
const TASKS = 4;
const TASK_CPU_UNITS = 2048;
const TASK_MEMORY_MIB = 8192;
/** vCPU time per request, as the lab's load profiles use (10 ms → 10.24 CPU units per request/s). */
const CPU_MS_PER_REQUEST = 10;
const IDLE_CPU_UNITS_PER_TASK = 12; // the runtime, health checks and the log driver
const BASE_HEAP_MIB = 410;
const HEAP_MIB_PER_RPS_PER_TASK = 4.5;
const BUSINESS = { days: [1, 2, 3, 4, 5], fromHour: 7, toHour: 19 }; // Mon–Fri 07:00–19:00

// sfc32: a small seeded PRNG, so the file is reproducible.
function sfc32(a, b, c, d) {
  return () => {
    a |= 0; b |= 0; c |= 0; d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}
const rand = sfc32(SEED, SEED ^ 0x9e3779b9, 0x243f6a88, 0x85a308d3);
const noise = (spread) => 1 + (rand() * 2 - 1) * spread;

/** Requests a second at an hour: weekday curve, weekend curve, night floor. */
function rps(day, hour) {
  const weekday = day >= 1 && day <= 5;
  const bump = (center, width, height) => height * Math.exp(-((hour - center) ** 2) / (2 * width ** 2));
  if (weekday) return 14 + bump(12.5, 1.6, 95) + bump(17, 1.4, 80) + bump(9.5, 1.5, 55) + bump(20, 1.2, 18);
  return 12 + bump(14, 3, 30);
}

const isBusiness = (day, hour) => BUSINESS.days.includes(day) && hour >= BUSINESS.fromHour && hour < BUSINESS.toHour;
const samples = [];
for (let h = 0; h < HOURS; h++) {
  const t = new Date(START + h * 3600_000);
  const day = t.getUTCDay();
  const hour = t.getUTCHours();
  const r = Math.max(1, rps(day, hour) * noise(0.12));
  const cpuUnitsTotal = (r * CPU_MS_PER_REQUEST * 1024) / 1000 + TASKS * IDLE_CPU_UNITS_PER_TASK;
  const memoryMiBPerTask = (BASE_HEAP_MIB + (HEAP_MIB_PER_RPS_PER_TASK * r) / TASKS) * noise(0.05);
  samples.push({
    t: t.toISOString(),
    business: isBusiness(day, hour),
    rps: +r.toFixed(1),
    cpuUnitsTotal: Math.round(cpuUnitsTotal),
    cpuPercent: +((100 * cpuUnitsTotal) / (TASKS * TASK_CPU_UNITS)).toFixed(1),
    memoryMiBPerTask: Math.round(memoryMiBPerTask),
  });
}

/** Nearest-rank percentiles. */
function percentiles(values) {
  const s = [...values].sort((a, b) => a - b);
  const at = (p) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
  return { p50: at(50), p90: at(90), p95: at(95), p99: at(99), max: s[s.length - 1] };
}
const of = (list, key) => percentiles(list.map((x) => x[key]));
const business = samples.filter((s) => s.business);
const offHours = samples.filter((s) => !s.business);

const out = {
  service: 'checkout',
  generatedBy: 'scripts/generate-utilization.mjs',
  seed: SEED,
  from: samples[0].t,
  to: samples[samples.length - 1].t,
  interval: 'PT1H',
  measuredOn: { tasks: TASKS, cpuUnits: TASK_CPU_UNITS, memoryMiB: TASK_MEMORY_MIB, cpuArchitecture: 'X86_64' },
  cpuMsPerRequest: CPU_MS_PER_REQUEST,
  businessHours: { days: 'MON-FRI', from: '07:00', to: '19:00' },
  summary: {
    businessHours: { hours: business.length, rps: of(business, 'rps'), cpuUnitsTotal: of(business, 'cpuUnitsTotal'), cpuPercent: of(business, 'cpuPercent') },
    offHours: { hours: offHours.length, rps: of(offHours, 'rps'), cpuUnitsTotal: of(offHours, 'cpuUnitsTotal'), cpuPercent: of(offHours, 'cpuPercent') },
    memoryMiBPerTask: of(samples, 'memoryMiBPerTask'),
  },
  samples,
};
const file = join(dirname(fileURLToPath(import.meta.url)), '..', 'engine', 'cost', 'data', 'checkout-utilization.json');
writeFileSync(file, JSON.stringify(out, null, 1) + '\n');
console.log(`wrote ${file}`, JSON.stringify(out.summary, null, 1));
