import type { Finding } from '../../engine/types';
import { defineCheck } from '../../engine/types';
import { describePorts, networkOf, type NaclEntry, type NetworkAcl } from '../../engine/model/network';

/** SSH and RDP: the remote administration ports Security Hub EC2.21 names. */
const ADMIN_PORTS = [22, 3389];
const PROTOCOLS = ['tcp', 'udp'];

/**
 * The entry that decides for traffic from the whole internet (0.0.0.0/0 or ::/0) to `port`: the
 * lowest-numbered ingress entry for that whole range that matches protocol and port. Entries for
 * narrower ranges decide only for their own addresses, so they are passed over; with no entry the
 * ACL's final `*` rule denies.
 */
export function decidingEntry(acl: NetworkAcl, anyAddress: string, port: number, protocol: string): NaclEntry | undefined {
  return acl.entries.find((e) => !e.egress && e.cidr === anyAddress && (e.protocol === 'all' || e.protocol === protocol) && e.ports.from <= port && e.ports.to >= port);
}

/**
 * No network ACL lets SSH or RDP in from anywhere. Rules are evaluated in number order and the
 * first match wins, so a "deny 3389" placed after "allow 1024-65535 from 0.0.0.0/0" (the usual
 * rule for return traffic) never takes effect: 3389 is an ephemeral port too.
 */
export const naclNoAdminPortsFromInternet = defineCheck({
  id: 'network.nacl-no-admin-ports-from-internet',
  title: 'Network ACLs do not let SSH (22) or RDP (3389) in from the internet',
  severity: 'high',
  why:
    'Network ACLs are evaluated rule by rule, lowest number first, and the first match decides. The ephemeral range ' +
    '1024-65535 that return traffic needs includes 3389, so an ACL that allows replies from anywhere also lets RDP in — ' +
    'unless a deny for 22 and 3389 comes first. Security Hub EC2.21 flags ACLs that admit these ports from 0.0.0.0/0 or ::/0.',
  refs: {
    securityHub: ['EC2.21'],
    soc2: ['CC6.6'],
    docs: ['https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html', 'https://docs.aws.amazon.com/config/latest/developerguide/nacl-no-unrestricted-ssh-rdp.html'],
  },
  offline({ model }) {
    const net = networkOf(model);
    if (net.nacls.size === 0) return { status: 'skip', reason: 'the stack defines no network ACL' };
    const findings: Finding[] = [];
    for (const acl of net.nacls.values()) {
      for (const anyAddress of ['0.0.0.0/0', '::/0']) {
        for (const port of ADMIN_PORTS) {
          const open = PROTOCOLS.map((p) => decidingEntry(acl, anyAddress, port, p)).find((e) => e?.allow);
          if (!open) continue;
          findings.push(model.finding(open.logicalId, `network ACL ${model.describe(acl.logicalId)} lets ${open.protocol === 'all' ? 'all traffic' : describePorts(open.ports, open.protocol)} in from ${anyAddress} at rule ${open.ruleNumber}, which admits port ${port} (${port === 22 ? 'SSH' : 'RDP'}) from anyone`, `Add an ingress entry that denies port ${port} from ${anyAddress} with a rule number lower than ${open.ruleNumber}; the first matching rule wins.`));
        }
      }
    }
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});
