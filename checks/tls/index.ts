// The TLS checks: what an internet-facing load balancer promises its clients — HTTPS with a
// current policy, a redirect from HTTP, headers that follow the rules, a certificate that renews.
import type { CheckDefinition } from '../../engine/types';
import { certificateAutoRenews } from './certificate-auto-renews';
import { dropInvalidHeaders } from './drop-invalid-headers';
import { httpRedirects } from './http-redirects';
import { httpsPolicy } from './https-policy';

export const TLS_CHECKS: CheckDefinition<any>[] = [httpsPolicy, httpRedirects, dropInvalidHeaders, certificateAutoRenews];
