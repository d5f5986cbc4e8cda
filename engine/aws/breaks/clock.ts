// Time for the live breaks' polling, injectable: tests pass a clock that advances at once.

export interface Clock {
  /** Milliseconds, monotonic enough for elapsed time. */
  now(): number;
  /** Waits `ms`; returns early when `signal` aborts (Ctrl-C must not wait out a poll interval). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    }),
};

/** A clock for tests: sleeping advances it, nothing waits. */
export function fakeClock(start = 0): Clock & { elapsed(): number } {
  let t = start;
  return {
    now: () => t,
    sleep: async (ms) => {
      t += ms;
    },
    elapsed: () => t - start,
  };
}
