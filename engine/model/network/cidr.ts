// CIDR arithmetic for security group and route judgements: which family a block is, whether one
// block lies inside another, and whether a block means "everyone on the internet".

export interface Cidr {
  family: 4 | 6;
  /** The network address as an integer (IPv4 fits in 32 bits, IPv6 needs BigInt). */
  base: bigint;
  prefix: number;
}

const BITS = { 4: 32, 6: 128 } as const;

/** Parses `10.0.0.0/16` or `2001:db8::/32`; undefined for anything else (tokens, typos). */
export function parseCidr(text: string): Cidr | undefined {
  const [addr, len, ...rest] = text.trim().split('/');
  if (rest.length || addr === undefined) return undefined;
  const family = addr.includes(':') ? 6 : 4;
  const prefix = len === undefined ? BITS[family] : Number(len);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > BITS[family]) return undefined;
  const value = family === 4 ? parseIpv4(addr) : parseIpv6(addr);
  if (value === undefined) return undefined;
  return { family, base: value & mask(family, prefix), prefix };
}

function mask(family: 4 | 6, prefix: number): bigint {
  const bits = BigInt(BITS[family]);
  const all = (1n << bits) - 1n;
  return prefix === 0 ? 0n : (all >> (bits - BigInt(prefix))) << (bits - BigInt(prefix));
}

function parseIpv4(addr: string): bigint | undefined {
  const parts = addr.split('.');
  if (parts.length !== 4) return undefined;
  let out = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    out = (out << 8n) | BigInt(Number(p));
  }
  return out;
}

function parseIpv6(addr: string): bigint | undefined {
  const halves = addr.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  let out = 0n;
  for (const g of all) {
    if (!/^[0-9a-f]{1,4}$/i.test(g)) return undefined;
    out = (out << 16n) | BigInt(parseInt(g, 16));
  }
  return out;
}

/** True when every address of `inner` is also in `outer` (same family only). */
export function cidrContains(outer: string, inner: string): boolean {
  const o = parseCidr(outer);
  const i = parseCidr(inner);
  if (!o || !i || o.family !== i.family || o.prefix > i.prefix) return false;
  return (i.base & mask(o.family, o.prefix)) === o.base;
}

/** `0.0.0.0/0` or `::/0`: any address at all, which for an ingress rule means the whole internet. */
export function isAnyAddress(cidr: string): boolean {
  const c = parseCidr(cidr);
  return !!c && c.prefix === 0;
}

export function cidrFamily(cidr: string): 4 | 6 | undefined {
  return parseCidr(cidr)?.family;
}

/**
 * Do these blocks together hold every address of a family? `0.0.0.0/1` + `128.0.0.0/1` is the
 * whole IPv4 internet as surely as `0.0.0.0/0`, and a security group that lists both is open to it.
 */
export function cidrsCoverFamily(cidrs: string[], family: 4 | 6): boolean {
  const spans = cidrs
    .map(parseCidr)
    .filter((c): c is Cidr => !!c && c.family === family)
    .map((c) => ({ start: c.base, end: c.base + (1n << BigInt(BITS[family] - c.prefix)) }))
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  let reached = 0n;
  for (const s of spans) {
    if (s.start > reached) return false;
    if (s.end > reached) reached = s.end;
  }
  return reached === 1n << BigInt(BITS[family]);
}

// Addresses no one on the internet has: private (RFC 1918, RFC 4193), shared (RFC 6598),
// loopback and link-local. A rule from one of these lets in machines of some network, not users.
const NOT_ON_THE_INTERNET = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', 'fc00::/7', 'fe80::/10', '::1/128'];

/** A block inside private, shared, loopback or link-local space, so nobody on the internet is in it. */
export function isNonPublicCidr(cidr: string): boolean {
  return NOT_ON_THE_INTERNET.some((block) => cidrContains(block, cidr));
}
