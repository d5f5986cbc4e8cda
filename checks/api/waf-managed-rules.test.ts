import { describe, expect, it } from 'vitest';
import { apiTemplate, checkTemplate, managedRule, RATE_RULE } from './fixtures';
import { wafManagedRules } from './waf-managed-rules';

describe('api.waf-managed-rules', () => {
  it('Compliance 1: the core rule set and known bad inputs, both blocking', async () => {
    expect((await checkTemplate(wafManagedRules, apiTemplate())).status).toBe('pass');
  });

  it('Compliance 2: the lab may ask for another group', async () => {
    const rules = [RATE_RULE, managedRule('AWSManagedRulesSQLiRuleSet', 1)];
    expect((await checkTemplate(wafManagedRules, apiTemplate({ rules }), { ruleGroups: ['AWSManagedRulesSQLiRuleSet'] })).status).toBe('pass');
  });

  it('Noncompliance 1: the known bad inputs group is missing', async () => {
    const r = await checkTemplate(wafManagedRules, apiTemplate({ rules: [RATE_RULE, managedRule('AWSManagedRulesCommonRuleSet', 1)] }));
    expect(r.findings.map((f) => f.message)).toEqual(['web ACL WebAcl on load balancer Alb does not run the AWS managed rule group AWSManagedRulesKnownBadInputsRuleSet']);
  });

  it('Noncompliance 2: the core rule set left in Count mode after its trial', async () => {
    const rules = [RATE_RULE, managedRule('AWSManagedRulesCommonRuleSet', 1, 'Count'), managedRule('AWSManagedRulesKnownBadInputsRuleSet', 2)];
    const r = await checkTemplate(wafManagedRules, apiTemplate({ rules }));
    expect(r.findings.map((f) => f.message)).toEqual(['web ACL WebAcl on load balancer Alb runs AWSManagedRulesCommonRuleSet with OverrideAction Count: its rules do not block matching requests']);
  });

  it('Noncompliance 3: no web ACL on the load balancer', async () => {
    const r = await checkTemplate(wafManagedRules, apiTemplate({ unassociated: true }));
    expect(r.findings[0].logicalId).toBe('Alb');
  });

  it('refuses a rule group name that is not an AWS managed one', () => {
    expect(() => wafManagedRules.params!({ ruleGroups: ['MyGroup'] })).toThrow(/AWS managed rule group names/);
  });
});
