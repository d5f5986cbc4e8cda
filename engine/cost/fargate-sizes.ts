// The CPU/memory pairs Fargate accepts for Linux tasks (Amazon ECS developer guide, "Task CPU and
// memory": https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#task_size).
// Any other pair is rejected when the task definition is registered.

interface CpuRow {
  cpu: number;
  /** Memory in MiB: the smallest, the largest and the step between them. */
  min: number;
  max: number;
  step: number;
}

const GB = 1024;
const ROWS: CpuRow[] = [
  { cpu: 512, min: 1 * GB, max: 4 * GB, step: GB },
  { cpu: 1024, min: 2 * GB, max: 8 * GB, step: GB },
  { cpu: 2048, min: 4 * GB, max: 16 * GB, step: GB },
  { cpu: 4096, min: 8 * GB, max: 30 * GB, step: GB },
  { cpu: 8192, min: 16 * GB, max: 60 * GB, step: 4 * GB },
  { cpu: 16384, min: 32 * GB, max: 120 * GB, step: 8 * GB },
];

/** 0.25 vCPU takes exactly 512 MiB, 1 GB or 2 GB. */
const QUARTER_VCPU_MEMORY = [512, GB, 2 * GB];

export function isValidFargateSize(cpu: number, memoryMiB: number): boolean {
  if (cpu === 256) return QUARTER_VCPU_MEMORY.includes(memoryMiB);
  const row = ROWS.find((r) => r.cpu === cpu);
  return !!row && memoryMiB >= row.min && memoryMiB <= row.max && (memoryMiB - row.min) % row.step === 0;
}

/** The memory sizes Fargate accepts with this CPU, for a hint. */
export function memoryChoices(cpu: number): number[] {
  if (cpu === 256) return QUARTER_VCPU_MEMORY;
  const row = ROWS.find((r) => r.cpu === cpu);
  if (!row) return [];
  const out: number[] = [];
  for (let m = row.min; m <= row.max; m += row.step) out.push(m);
  return out;
}

export const FARGATE_CPU_CHOICES = [256, ...ROWS.map((r) => r.cpu)];
