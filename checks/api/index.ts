// The API checks: what a public API promises at its edge — security headers on every response,
// a rate limit and AWS managed rules in AWS WAF, and alarms on the rates its clients feel.
import type { CheckDefinition } from '../../engine/types';
import { metricsAlarmed } from './metrics-alarmed';
import { securityHeaders } from './security-headers';
import { wafManagedRules } from './waf-managed-rules';
import { wafRateLimit } from './waf-rate-limit';

export const API_CHECKS: CheckDefinition<any>[] = [securityHeaders, wafRateLimit, wafManagedRules, metricsAlarmed];
