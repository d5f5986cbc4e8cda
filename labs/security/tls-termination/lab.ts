import { defineLab } from '../../../engine/types';

// The listener block of starter/stack.ts, as the breaks find it.
const POLICY = '      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,\n';
const DROP = '      dropInvalidHeaderFields: true,\n';
const REDIRECT = "      defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }),\n    });\n";

export default defineLab({
  id: 'security/tls-termination',
  title: 'TLS at the load balancer: policy, redirect, certificate renewal',
  layer: 'security',
  order: 3,
  minutes: 30,
  objectives: [
    'End TLS at the Application Load Balancer with an ACM certificate and a TLS 1.3 security policy',
    'Send HTTP on port 80 on to HTTPS with a redirect that browsers can still reach',
    'Drop HTTP headers with invalid names at the edge',
    'Validate the certificate by DNS in a hosted zone, so ACM renews it with nobody involved',
  ],
  covers: ['security/tls', 'security/q/certificate-renewal', 'scenario/public-api/tls-at-alb'],
  entry: 'stack.ts',
  stackName: 'TlsTerminationLab',
  breaks: [
    {
      id: 'legacy-clients',
      kind: 'code',
      story:
        'A partner’s old payment terminal could not connect any more. To get it working before a demo, a teammate ' +
        'set the load balancer to accept what the terminal speaks, and turned off a setting that rejected its ' +
        'request headers. The demo went fine; the security scanner did not.',
      edits: [
        { file: 'stack.ts', find: POLICY, replace: '      // The partner terminal speaks TLS 1.0.\n      sslPolicy: elbv2.SslPolicy.LEGACY,\n' },
        { file: 'stack.ts', find: DROP, replace: '      // The partner terminal sends X_Partner_Id; keep it.\n      dropInvalidHeaderFields: false,\n' },
      ],
      breaks: ['tls.https-policy', 'tls.drop-invalid-headers'],
    },
    {
      id: 'plain-http',
      kind: 'code',
      story:
        'An uptime monitor that does not follow redirects reported the site down every minute. A teammate made port 80 ' +
        'serve the app directly, "just for the monitor". Everyone who types the bare name now gets the app in plain text.',
      edits: [
        {
          file: 'stack.ts',
          find: REDIRECT,
          replace: '    }).addTargets(\'Plain\', { port: APP_PORT, protocol: elbv2.ApplicationProtocol.HTTP, targets: [service], healthCheck: { path: \'/\' } });\n',
        },
        { file: 'stack.ts', find: "    alb.addListener('Http', {\n      port: 80,\n", replace: "    alb.addListener('Http', {\n      port: 80,\n      protocol: elbv2.ApplicationProtocol.HTTP,\n" },
      ],
      breaks: ['tls.http-redirects-to-https', 'network.alb-ingress-web-only'],
    },
    {
      id: 'closed-redirect',
      kind: 'code',
      story:
        'A review said "close everything but 443" and a teammate did, on the load balancer’s port 80 listener. The site ' +
        'still works for bookmarks; people who type the name wait for a timeout.',
      edits: [{ file: 'stack.ts', find: "    alb.addListener('Http', {\n      port: 80,\n", replace: "    alb.addListener('Http', {\n      port: 80,\n      open: false,\n" }],
      breaks: ['network.alb-ingress-web-only'],
    },
  ],
  defaultBreak: 'legacy-clients',
  checks: [
    { id: 'ecs.service-behind-listener', points: 1 },
    { id: 'app.verifiable-offline', params: { services: ['elasticloadbalancing', 'acm', 'route53'] }, points: 1 },
    { id: 'network.alb-ingress-web-only', points: 2 },
    { id: 'tls.https-policy', points: 3 },
    { id: 'tls.http-redirects-to-https', points: 2 },
    { id: 'tls.drop-invalid-headers', points: 2 },
    { id: 'tls.certificate-auto-renews', points: 3 },
  ],
  // Even before the break, the certificate is validated by email: the TODO in stack.ts.
  taskChecks: ['tls.certificate-auto-renews'],
  hints: [
    'Ask what happens on the day the certificate expires, and who has to do something before it. Then read what the break changed on the load balancer: what does it accept now that it refused before?',
    'Renewal: ACM renews a certificate when it can validate the domain again on its own, which is what DNS validation with a record in a zone you manage gives it. The break: the listener’s `sslPolicy` and the load balancer’s `dropInvalidHeaderFields` changed.',
    'Use `validation: acm.CertificateValidation.fromDns(zone)` on the certificate, `sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS` on the HTTPS listener and `dropInvalidHeaderFields: true` on the load balancer.',
  ],
});
