import type { StackModel } from '../../engine/model/model';
import { allActions, redirectsToHttps, type Listener, type LoadBalancer } from '../../engine/model/network';
import { defineCheck, type Finding } from '../../engine/types';
import { isHttp, isHttps, publicAlbs } from './load-balancers';

/** The port browsers use for http:// (RFC 9110, section 4.2.1). */
const HTTP_PORT = 80;

/**
 * Every HTTP listener of an internet-facing ALB only redirects to HTTPS, on a port an HTTPS
 * listener of the same load balancer serves (a redirect to `#{port}` sends https:// to port 80,
 * where nothing speaks TLS), and a port 80 listener exists, so a browser typing the bare name
 * lands on HTTPS. Whether the internet can reach port 80 is network.alb-ingress-web-only's question.
 */
export const httpRedirects = defineCheck({
  id: 'tls.http-redirects-to-https',
  title: 'HTTP on port 80 only redirects to HTTPS',
  severity: 'medium',
  why:
    'People type the bare name, and old links say http://. A port 80 listener that redirects (301) to HTTPS sends them to ' +
    'the encrypted site; one that serves the app sends passwords and cookies in plain text, and no listener at all ' +
    'leaves them at a timeout. The redirect must name the HTTPS port: "#{port}" keeps port 80, where nothing speaks TLS.',
  refs: {
    securityHub: ['ELB.1'],
    soc2: ['CC6.7'],
    awsConfig: ['alb-http-to-https-redirection-check'],
    docs: ['https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-update-rules.html#redirect-actions'],
  },
  offline({ model }) {
    const albs = publicAlbs(model);
    if ('skip' in albs) return albs.skip;
    const findings = albs.ok.flatMap((lb) => judge(model, lb));
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});

function judge(model: StackModel, lb: LoadBalancer): Finding[] {
  const name = model.describe(lb.logicalId);
  const httpsPorts = new Set(lb.listeners.filter(isHttps).map((l) => String(l.port)));
  const findings: Finding[] = [];
  const http = lb.listeners.filter(isHttp);
  if (!http.some((l) => l.port === HTTP_PORT)) {
    findings.push(model.finding(lb.logicalId, `load balancer ${name} has no listener on port ${HTTP_PORT}, so http:// links and typed names time out instead of reaching HTTPS`, 'Add a port 80 listener whose default action is ListenerAction.redirect({ protocol: "HTTPS", port: "443", permanent: true }).'));
  }
  for (const l of http) {
    const problem = redirectProblem(l, httpsPorts);
    if (problem) findings.push(model.finding(l.logicalId, `load balancer ${name}'s HTTP listener on ${l.port ?? '?'} ${problem}`, 'Make its only action ListenerAction.redirect({ protocol: "HTTPS", port: "443", permanent: true }).'));
  }
  return findings;
}

function redirectProblem(l: Listener, httpsPorts: Set<string>): string | undefined {
  if (!redirectsToHttps(l)) {
    const serves = allActions(l).some((a) => a.type === 'forward' || a.type === 'fixed-response');
    return serves ? 'answers in plain text instead of redirecting to HTTPS' : 'does not redirect to HTTPS';
  }
  const ports = allActions(l).map((a) => String((a as { port?: string }).port ?? '#{port}'));
  const wrong = ports.find((p) => !httpsPorts.has(p));
  return wrong === undefined ? undefined : `redirects to HTTPS on port ${wrong}, where no HTTPS listener of this load balancer answers`;
}
