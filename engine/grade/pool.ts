// A bounded pool: at most `jobs` tasks run at once, results come back in the order of the items.
// A task that throws gives its own slot an `error` outcome; the others go on.
import { availableParallelism } from 'node:os';

export type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

/** `--jobs n`: an integer from 1 to the cores (more would only make every grading slower). */
export function parseJobs(value: string | undefined, cores = availableParallelism()): number | string {
  if (value === undefined) return cores;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) return `--jobs takes a whole number from 1 to ${cores}, not "${value}"`;
  return Math.min(n, cores);
}

export async function runPool<T, R>(items: readonly T[], jobs: number, task: (item: T, index: number) => Promise<R>): Promise<Settled<R>[]> {
  const results: Settled<R>[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        results[i] = { ok: true, value: await task(items[i], i) };
      } catch (error) {
        results[i] = { ok: false, error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, worker));
  return results;
}
