// What watch mode's session (typecheck-session.ts) and lab grade's shared compiler
// (typecheck-server.ts) do alike with a long-lived TypeScript compiler: keep one check within its
// time limit, and start over with a fresh compiler when one is stuck or has failed.
import { LabError } from '../errors';
import type { TypeCheckLimits } from './typecheck';

/**
 * Runs one check of a long-lived compiler. At the limit, `restart` drops the compiler (it is of no
 * use to the next check) and the check fails with E_TIMEOUT, saying `advice`; a compiler that
 * failed otherwise is dropped too, so the next check gets a fresh one.
 */
export async function withinLimit<T>(limits: TypeCheckLimits, work: () => Promise<T>, restart: () => void, advice: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      restart();
      reject(new LabError('E_TIMEOUT', `the type check did not finish within ${Math.round(limits.timeoutMs / 1000)} s — ${advice}`));
    }, limits.timeoutMs);
  });
  try {
    return await Promise.race([work(), timeout]);
  } catch (e) {
    if (!(e instanceof LabError)) restart();
    throw e;
  } finally {
    clearTimeout(timer);
  }
}
