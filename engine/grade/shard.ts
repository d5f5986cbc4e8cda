// `--shard i/n`: the same class split across n machines. Submissions are sorted by path and dealt
// round-robin, so every machine computes the same slices from the same list whatever the order given.
export interface Shard {
  index: number;
  count: number;
}

export function parseShard(value: string): Shard | string {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) return `--shard takes i/n with 1 ≤ i ≤ n, e.g. 2/4, not "${value}"`;
  return { index, count };
}

/** The items of shard i of n: every n-th of the sorted list, from the i-th. */
export function shardOf<T>(items: readonly T[], shard: Shard, key: (t: T) => string): T[] {
  const sorted = [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return sorted.filter((_, i) => i % shard.count === shard.index - 1);
}
