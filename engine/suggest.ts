// "Did you mean …?": the closest candidate to a mistyped name, if it is close enough to be a typo.
import { closest, distance } from 'fastest-levenshtein';

/**
 * The candidate nearest to `name` by edit distance, when that distance is at most
 * max(`floor`, candidate length / `divisor`); otherwise undefined.
 */
export function closestName(name: string, candidates: string[], tolerance: { floor: number; divisor: number }): string | undefined {
  if (!name || candidates.length === 0) return undefined;
  const best = closest(name, candidates);
  return distance(name, best) <= Math.max(tolerance.floor, Math.floor(best.length / tolerance.divisor)) ? best : undefined;
}
