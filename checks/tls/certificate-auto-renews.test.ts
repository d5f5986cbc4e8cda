import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { certificateAutoRenews } from './certificate-auto-renews';
import { tlsStack } from './fixtures';

describe('tls.certificate-auto-renews', () => {
  it('Compliance 1: ACM, DNS validation in a hosted zone of the stack (name and alternative name)', async () => {
    expect((await checkStack(certificateAutoRenews, tlsStack())).status).toBe('pass');
  });

  it('Noncompliance 1: email validation, naming the certificate', async () => {
    const r = await checkStack(certificateAutoRenews, tlsStack({ certificate: 'email' }));
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual(['the certificate of HTTPS listener Alb/Https Cert is validated by EMAIL, so every renewal waits for someone to answer an email']);
    expect(r.findings[0].constructPath).toBe('Test/Cert/Resource');
  });

  it('Noncompliance 2: DNS validation with no hosted zone for the record', async () => {
    const r = await checkStack(certificateAutoRenews, tlsStack({ certificate: 'dns-manual' }));
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/no hosted zone in the stack holds the validation record for app.example.com/)]);
  });

  it('Noncompliance 3: an IAM server certificate', async () => {
    const r = await checkStack(certificateAutoRenews, tlsStack({ certificate: 'iam' }));
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/is an IAM server certificate \(arn:aws:iam::123456789012:server-certificate\/app\), which nobody renews/)]);
  });

  it('Noncompliance 4: an ACM certificate from outside the stack cannot be shown to renew', async () => {
    const r = await checkStack(certificateAutoRenews, tlsStack({ certificate: 'imported-acm' }));
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/is not defined in this stack, so nothing shows that ACM can renew it/)]);
  });

  it('skips when no HTTPS listener presents a certificate', async () => {
    expect((await checkStack(certificateAutoRenews, tlsStack({ noHttps: true }))).status).toBe('skip');
    expect((await checkStack(certificateAutoRenews, tlsStack({ internal: true }))).status).toBe('skip');
  });
});
