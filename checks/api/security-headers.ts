import type { StackModel } from '../../engine/model/model';
import type { Listener } from '../../engine/model/network';
import { defineCheck, type Finding } from '../../engine/types';
import { isHttps, publicAlbs } from '../tls/load-balancers';

interface Params {
  /** The shortest HSTS max-age accepted, in seconds. */
  minHstsMaxAge: number;
}

/**
 * One year: the least max-age the browsers' HSTS preload list accepts (https://hstspreload.org);
 * OWASP's HTTP headers cheat sheet shows two years
 * (https://cheatsheetseries.owasp.org/cheatsheets/HTTP_Headers_Cheat_Sheet.html).
 */
const ONE_YEAR_SECONDS = 31_536_000;

// The ALB listener attributes that add response headers (aws-cdk-lib CfnListener.ListenerAttributeProperty.key;
// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/header-modification.html).
export const HEADER_ATTRIBUTES = {
  hsts: 'routing.http.response.strict_transport_security.header_value',
  contentTypeOptions: 'routing.http.response.x_content_type_options.header_value',
  frameOptions: 'routing.http.response.x_frame_options.header_value',
  csp: 'routing.http.response.content_security_policy.header_value',
} as const;

/** CSP sources that switch the policy's script protection back off. */
const UNSAFE_CSP = ["'unsafe-inline'", "'unsafe-eval'"];

/**
 * Every HTTPS listener of an internet-facing ALB adds the four security response headers through
 * the ALB's header modification (listener attributes), so every response carries them whatever
 * the app behind sends: HSTS with a max-age of at least a year, `X-Content-Type-Options: nosniff`,
 * `X-Frame-Options: DENY` or `SAMEORIGIN`, and a Content-Security-Policy that does not re-allow
 * inline or eval'd script. Judged on the synthesized listener's ListenerAttributes.
 */
export const securityHeaders = defineCheck<Params>({
  id: 'api.security-headers',
  title: 'The load balancer adds HSTS, X-Content-Type-Options, X-Frame-Options and a CSP to every HTTPS response',
  severity: 'medium',
  why:
    'Security headers tell the browser what it may do with a response: only ever use HTTPS for this host (HSTS), never ' +
    'guess a content type (nosniff), never render the response inside someone else\'s frame (clickjacking), and load ' +
    'nothing the policy does not name (CSP). Adding them at the load balancer covers every response, error pages and ' +
    'new endpoints included, without a change to each app.',
  refs: {
    wellArchitected: ['SEC09-BP02 Enforce encryption in transit'],
    docs: [
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/header-modification.html',
      'https://cheatsheetseries.owasp.org/cheatsheets/HTTP_Headers_Cheat_Sheet.html',
    ],
  },
  params(raw) {
    const minHstsMaxAge = raw.minHstsMaxAge ?? ONE_YEAR_SECONDS;
    if (!Number.isInteger(minHstsMaxAge) || (minHstsMaxAge as number) < 0) throw new Error('api.security-headers: minHstsMaxAge must be a whole number of seconds');
    return { minHstsMaxAge: minHstsMaxAge as number };
  },
  offline({ model, params }) {
    const albs = publicAlbs(model);
    if ('skip' in albs) return albs.skip;
    const listeners = albs.ok.flatMap((lb) => lb.listeners.filter(isHttps));
    if (listeners.length === 0) return { status: 'skip', reason: 'the internet-facing load balancer has no HTTPS listener to add headers to (tls.https-policy judges that)' };
    const findings = listeners.flatMap((l) => judge(model, l, params.minHstsMaxAge));
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});

function judge(model: StackModel, listener: Listener, minMaxAge: number): Finding[] {
  const attributes = listenerAttributes(model, listener.logicalId);
  const at = `HTTPS listener ${model.describe(listener.logicalId)}`;
  const problems: { message: string; hint: string }[] = [];
  const set = (key: string, value: string) => `listener.setAttribute('${key}', '${value}')`;

  const hsts = attributes[HEADER_ATTRIBUTES.hsts];
  const maxAge = hstsMaxAge(hsts);
  if (hsts === undefined) problems.push({ message: 'adds no Strict-Transport-Security header', hint: set(HEADER_ATTRIBUTES.hsts, `max-age=${ONE_YEAR_SECONDS}; includeSubDomains`) });
  else if (maxAge === undefined || maxAge < minMaxAge) problems.push({ message: `adds Strict-Transport-Security "${hsts}", whose max-age is ${maxAge ?? 'missing'}; it must be at least ${minMaxAge} seconds`, hint: `Set max-age to at least ${minMaxAge} (one year is ${ONE_YEAR_SECONDS}).` });

  const nosniff = attributes[HEADER_ATTRIBUTES.contentTypeOptions];
  if (nosniff?.trim().toLowerCase() !== 'nosniff') problems.push({ message: nosniff === undefined ? 'adds no X-Content-Type-Options header' : `adds X-Content-Type-Options "${nosniff}"; the only value is nosniff`, hint: set(HEADER_ATTRIBUTES.contentTypeOptions, 'nosniff') });

  const frame = attributes[HEADER_ATTRIBUTES.frameOptions];
  if (!['DENY', 'SAMEORIGIN'].includes(String(frame ?? '').trim().toUpperCase())) {
    problems.push({ message: frame === undefined ? 'adds no X-Frame-Options header' : `adds X-Frame-Options "${frame}"; browsers honour only DENY and SAMEORIGIN`, hint: set(HEADER_ATTRIBUTES.frameOptions, 'DENY') });
  }

  const csp = attributes[HEADER_ATTRIBUTES.csp];
  const unsafe = UNSAFE_CSP.filter((s) => csp?.toLowerCase().includes(s));
  if (!csp?.trim()) problems.push({ message: 'adds no Content-Security-Policy header', hint: set(HEADER_ATTRIBUTES.csp, "default-src 'none'; frame-ancestors 'none'") });
  else if (unsafe.length) problems.push({ message: `adds a Content-Security-Policy that allows ${unsafe.join(' and ')}, which turns its script protection off`, hint: "An API serves no script: default-src 'none'; frame-ancestors 'none'." });

  return problems.map((p) => model.finding(listener.logicalId, `${at} ${p.message}`, p.hint));
}

/** The listener's ListenerAttributes as key → value. */
export function listenerAttributes(model: StackModel, logicalId: string): Record<string, string> {
  const raw = model.resource(logicalId)?.props.ListenerAttributes;
  const out: Record<string, string> = {};
  for (const a of Array.isArray(raw) ? raw : []) if (typeof a?.Key === 'string' && a.Value !== undefined) out[a.Key] = String(a.Value);
  return out;
}

/** `max-age=31536000; includeSubDomains` → 31536000; undefined when it has none. */
export function hstsMaxAge(value: string | undefined): number | undefined {
  const m = /(?:^|;)\s*max-age\s*=\s*"?(\d+)"?/i.exec(value ?? '');
  return m ? Number(m[1]) : undefined;
}
