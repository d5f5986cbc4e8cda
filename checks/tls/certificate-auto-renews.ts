import type { StackModel } from '../../engine/model/model';
import { defineCheck, type Finding } from '../../engine/types';
import { isHttps, publicAlbs } from './load-balancers';

/**
 * Every certificate an HTTPS listener of an internet-facing ALB presents (its own and those added
 * with ListenerCertificate) is one ACM renews without a person: an ACM certificate of this stack
 * validated by DNS, with the validation record in a hosted zone the stack names (CloudFormation
 * creates the CNAME, and ACM re-checks it at renewal), or one issued by a private CA. Email
 * validation needs someone to click a link every renewal; an IAM server certificate or an
 * imported one is never renewed; a certificate ARN from outside the template cannot be shown to be either.
 */
export const certificateAutoRenews = defineCheck({
  id: 'tls.certificate-auto-renews',
  title: 'The HTTPS certificate renews itself (ACM, DNS validation)',
  severity: 'high',
  why:
    'Certificates expire, and an expired one takes the site down for every browser at once. ACM renews its certificates ' +
    'about 60 days before they expire, unattended, when it can validate the domain again: with DNS validation that is the ' +
    'CNAME record it asked for, so keep it in a hosted zone the stack manages. Email validation waits for a person to click, ' +
    'and certificates imported into ACM or IAM are never renewed at all.',
  refs: {
    securityHub: ['ACM.1'],
    soc2: ['CC6.7'],
    awsConfig: ['acm-certificate-expiration-check'],
    docs: [
      'https://docs.aws.amazon.com/acm/latest/userguide/dns-validation.html',
      'https://docs.aws.amazon.com/acm/latest/userguide/managed-renewal.html',
    ],
  },
  offline({ model }) {
    const albs = publicAlbs(model);
    if ('skip' in albs) return albs.skip;
    const listeners = albs.ok.flatMap((lb) => lb.listeners.filter(isHttps));
    if (listeners.length === 0) return { status: 'skip', reason: 'no HTTPS listener presents a certificate' };
    const findings: Finding[] = [];
    for (const l of listeners) {
      for (const cert of certificatesOf(model, l.logicalId)) {
        const problem = renewalProblem(model, cert);
        if (problem) findings.push(model.finding(model.targetOf(cert) ?? l.logicalId, `the certificate of HTTPS listener ${model.describe(l.logicalId)} ${problem}`, 'Use new acm.Certificate(this, …, { domainName, validation: acm.CertificateValidation.fromDns(hostedZone) }).'));
      }
    }
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});

/** The certificate references (raw template values) a listener presents. */
function certificatesOf(model: StackModel, listenerId: string): unknown[] {
  const own = (model.resource(listenerId)?.raw.Properties?.Certificates ?? []) as { CertificateArn?: unknown }[];
  const added = model
    .ofType('AWS::ElasticLoadBalancingV2::ListenerCertificate')
    .filter((r) => model.targetOf(r.raw.Properties?.ListenerArn) === listenerId)
    .flatMap((r) => (r.raw.Properties?.Certificates ?? []) as { CertificateArn?: unknown }[]);
  return [...own, ...added].map((c) => c.CertificateArn);
}

function renewalProblem(model: StackModel, ref: unknown): string | undefined {
  const id = model.targetOf(ref);
  const cert = id ? model.resource(id) : undefined;
  if (!cert || cert.type !== 'AWS::CertificateManager::Certificate') {
    const arn = String(model.resolve(ref));
    if (/^arn:[^:]+:iam::/.test(arn)) return `is an IAM server certificate (${arn}), which nobody renews`;
    return `(${arn}) is not defined in this stack, so nothing shows that ACM can renew it`;
  }
  const p = cert.props;
  if (p.CertificateAuthorityArn) return undefined;
  if (String(p.ValidationMethod).toUpperCase() !== 'DNS') return `${model.describe(cert.logicalId)} is validated by ${p.ValidationMethod ?? 'email (no ValidationMethod)'}, so every renewal waits for someone to answer an email`;
  const names: string[] = [p.DomainName, ...(p.SubjectAlternativeNames ?? [])].map(String);
  const zoned = new Set(((p.DomainValidationOptions ?? []) as { DomainName?: string; HostedZoneId?: string }[]).filter((o) => o.HostedZoneId).map((o) => String(o.DomainName)));
  const loose = names.filter((n) => !zoned.has(n));
  if (loose.length) return `${model.describe(cert.logicalId)} is validated by DNS, but no hosted zone in the stack holds the validation record for ${loose.join(', ')}, so nothing keeps the record ACM re-checks at renewal`;
  return undefined;
}
