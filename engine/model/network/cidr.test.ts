import { describe, expect, it } from 'vitest';
import { cidrContains, cidrFamily, cidrsCoverFamily, isAnyAddress, isNonPublicCidr, parseCidr } from './cidr';

describe('cidr', () => {
  it('parses IPv4 and IPv6 blocks and rejects junk', () => {
    expect(parseCidr('10.0.0.0/16')).toMatchObject({ family: 4, prefix: 16 });
    expect(parseCidr('2001:db8::/32')).toMatchObject({ family: 6, prefix: 32 });
    expect(parseCidr('::/0')).toMatchObject({ family: 6, prefix: 0 });
    expect(parseCidr('10.0.0.1')).toMatchObject({ family: 4, prefix: 32 });
    for (const bad of ['10.0.0.0/33', '300.0.0.0/8', 'sg-123', 'unresolved:Param', '1::2::3/64', '']) {
      expect(parseCidr(bad), bad).toBeUndefined();
    }
  });

  it('knows which blocks hold which', () => {
    expect(cidrContains('10.0.0.0/16', '10.0.3.0/24')).toBe(true);
    expect(cidrContains('10.0.0.0/16', '10.1.0.0/24')).toBe(false);
    expect(cidrContains('10.0.3.0/24', '10.0.0.0/16')).toBe(false);
    expect(cidrContains('0.0.0.0/0', '203.0.113.7/32')).toBe(true);
    expect(cidrContains('0.0.0.0/0', '2001:db8::/64')).toBe(false);
    expect(cidrContains('2001:db8::/32', '2001:db8:1::/48')).toBe(true);
    expect(cidrContains('2001:db8::/32', '2001:db9::/48')).toBe(false);
  });

  it('treats only /0 as any address', () => {
    expect(isAnyAddress('0.0.0.0/0')).toBe(true);
    expect(isAnyAddress('::/0')).toBe(true);
    expect(isAnyAddress('0.0.0.0/1')).toBe(false);
    expect(cidrFamily('::/0')).toBe(6);
  });
});

describe('cidr: blocks that together are the whole internet', () => {
  it('two /1 blocks cover IPv4; a gap or the wrong family does not', () => {
    expect(cidrsCoverFamily(['0.0.0.0/1', '128.0.0.0/1'], 4)).toBe(true);
    expect(cidrsCoverFamily(['128.0.0.0/1', '0.0.0.0/2', '64.0.0.0/2'], 4)).toBe(true);
    expect(cidrsCoverFamily(['0.0.0.0/1'], 4)).toBe(false);
    expect(cidrsCoverFamily(['0.0.0.0/1', '128.0.0.0/2'], 4)).toBe(false);
    expect(cidrsCoverFamily(['0.0.0.0/0'], 6)).toBe(false);
    expect(cidrsCoverFamily(['::/1', '8000::/1'], 6)).toBe(true);
  });

  it('private, shared and link-local blocks are not on the internet; others are', () => {
    expect(isNonPublicCidr('10.1.0.0/16')).toBe(true);
    expect(isNonPublicCidr('172.20.0.0/24')).toBe(true);
    expect(isNonPublicCidr('203.0.113.0/24')).toBe(false);
    expect(isNonPublicCidr('0.0.0.0/1')).toBe(false);
  });
});
