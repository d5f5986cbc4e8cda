import type { StackModel } from '../../engine/model/model';
import { allActions, type LoadBalancer } from '../../engine/model/network';
import { defineCheck, type Finding } from '../../engine/types';
import { isHttps, publicAlbs } from './load-balancers';

interface Params {
  /** The oldest TLS version a client may still negotiate: '1.2' (default) or '1.3'. */
  minimumVersion: '1.2' | '1.3';
}

/**
 * ELB names its TLS 1.3 policies `ELBSecurityPolicy-TLS13-1-<min>-…` (aws-cdk-lib SslPolicy:
 * RECOMMENDED_TLS = ELBSecurityPolicy-TLS13-1-2-2021-06, TLS13_13, TLS13_10, the -Res/-Ext/-FIPS/-PQ
 * variants), where <min> is the oldest TLS minor version the policy still accepts.
 */
const TLS13_POLICY = /^ELBSecurityPolicy-TLS13-1-(\d)-/;

/** The oldest TLS version a policy accepts, when it is a TLS 1.3 policy; undefined otherwise. */
export function tls13PolicyMinimum(policy: unknown): string | undefined {
  const m = TLS13_POLICY.exec(String(policy));
  return m ? `1.${m[1]}` : undefined;
}

/**
 * Every internet-facing ALB serves the app over HTTPS (a listener that forwards is HTTPS), and
 * every HTTPS listener names a TLS 1.3 security policy whose oldest version is at least the
 * lab's minimum. A listener that names no policy gets ELB's API default, which is not a TLS 1.3
 * policy (the console's default is; the template cannot rely on that). Removing the HTTPS
 * listener is no fix: an ALB that serves the app without one fails.
 */
export const httpsPolicy = defineCheck<Params>({
  id: 'tls.https-policy',
  title: 'The load balancer serves the app over HTTPS with a TLS 1.3 security policy',
  severity: 'high',
  why:
    'The security policy decides which TLS versions and ciphers the load balancer accepts from clients. Old policies ' +
    'still accept TLS 1.0 and 1.1 and ciphers without forward secrecy, so one outdated client lowers the bar for every ' +
    'connection. A TLS 1.3 policy with TLS 1.2 as the floor (ELBSecurityPolicy-TLS13-1-2-2021-06, the recommended one) ' +
    'keeps current clients fast and drops what is broken.',
  refs: {
    securityHub: ['ELB.17', 'ELB.18'],
    soc2: ['CC6.7'],
    awsConfig: ['elbv2-predefined-security-policy-ssl-check'],
    wellArchitected: ['SEC09-BP02 Enforce encryption in transit'],
    docs: ['https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html'],
  },
  params(raw) {
    const minimumVersion = String(raw.minimumVersion ?? '1.2');
    if (minimumVersion !== '1.2' && minimumVersion !== '1.3') throw new Error('tls.https-policy: minimumVersion must be "1.2" or "1.3"');
    return { minimumVersion };
  },
  offline({ model, params }) {
    const albs = publicAlbs(model);
    if ('skip' in albs) return albs.skip;
    const findings = albs.ok.flatMap((lb) => judge(model, lb, params.minimumVersion));
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});

function judge(model: StackModel, lb: LoadBalancer, minimum: string): Finding[] {
  const name = model.describe(lb.logicalId);
  const findings: Finding[] = [];
  const forwards = (l: LoadBalancer['listeners'][number]) => allActions(l).some((a) => a.type === 'forward');
  const https = lb.listeners.filter(isHttps);
  if (!https.some(forwards)) {
    findings.push(model.finding(lb.logicalId, `load balancer ${name} has no HTTPS listener that serves the app, so it reaches clients unencrypted or not at all`, 'Serve the app from an HTTPS listener on 443 with a certificate (protocol HTTPS, certificates: [...]).'));
  }
  for (const l of https) {
    const policy = model.resource(l.logicalId)?.props.SslPolicy;
    const hint = 'Set sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS (ELBSecurityPolicy-TLS13-1-2-2021-06) on the HTTPS listener.';
    const at = `load balancer ${name}'s HTTPS listener on ${l.port ?? '?'}`;
    if (policy === undefined) {
      findings.push(model.finding(l.logicalId, `${at} names no security policy, so ELB applies its API default, which is not a TLS 1.3 policy`, hint));
      continue;
    }
    const floor = tls13PolicyMinimum(policy);
    if (!floor) findings.push(model.finding(l.logicalId, `${at} uses ${policy}, which is not a TLS 1.3 policy`, hint));
    else if (Number(floor) < Number(minimum)) findings.push(model.finding(l.logicalId, `${at} uses ${policy}, which still accepts TLS ${floor}; this lab's floor is TLS ${minimum}`, hint));
  }
  return findings;
}
