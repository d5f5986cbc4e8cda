import type { StackModel } from '../../engine/model/model';
import type { LoadBalancer } from '../../engine/model/network';
import { defineCheck, type Finding } from '../../engine/types';
import { publicAlbs } from '../tls/load-balancers';
import { ASSOCIATE_HINT, noWebAclMessage, regional, webAclsOf, type WafRule } from './web-acls';

interface Params {
  /** AWS managed rule groups the web ACL must run (in block mode). */
  ruleGroups: string[];
}

/**
 * The baseline AWS managed rule groups for any web application: the core rule set (OWASP Top 10
 * style attacks) and known bad inputs (Log4j-style payloads), both named in AWS WAF's baseline list
 * (https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html).
 */
const BASELINE = ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet'];

/**
 * Every internet-facing ALB has a REGIONAL AWS WAF web ACL associated that runs the lab's AWS
 * managed rule groups (by default the baseline: core rule set and known bad inputs), each with
 * OverrideAction None so its rules block. A group overridden to Count only labels and logs.
 */
export const wafManagedRules = defineCheck<Params>({
  id: 'api.waf-managed-rules',
  title: 'The load balancer\'s web ACL runs the AWS managed baseline rule groups in block mode',
  severity: 'medium',
  why:
    'AWS managed rule groups are rules the AWS threat research team writes and updates: the core rule set stops common ' +
    'injection and oversize-request attacks, known bad inputs stops payloads such as Log4j exploits. They protect the ' +
    'API from day one, without you writing a pattern. Overriding a group to Count is how you trial it; left that way it ' +
    'blocks nothing.',
  refs: {
    securityHub: ['ELB.16'],
    wellArchitected: ['SEC06-BP03 Reduce manual management and interactive access', 'SEC05-BP03 Implement inspection-based protection'],
    docs: [
      'https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html',
      'https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups.html',
    ],
  },
  params(raw) {
    const groups = raw.ruleGroups ?? BASELINE;
    if (!Array.isArray(groups) || groups.length === 0 || !groups.every((g) => typeof g === 'string' && /^AWSManagedRules\w+$/.test(g))) {
      throw new Error('api.waf-managed-rules: ruleGroups must be a non-empty list of AWS managed rule group names (AWSManagedRules…)');
    }
    return { ruleGroups: groups as string[] };
  },
  offline({ model, params }) {
    const albs = publicAlbs(model);
    if ('skip' in albs) return albs.skip;
    const findings = albs.ok.flatMap((lb) => judge(model, lb, params.ruleGroups));
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});

function judge(model: StackModel, lb: LoadBalancer, wanted: string[]): Finding[] {
  const acls = webAclsOf(model, lb.logicalId).filter(regional);
  if (acls.length === 0) return [model.finding(lb.logicalId, noWebAclMessage(model, lb.logicalId), ASSOCIATE_HINT)];
  const rules = acls.flatMap((acl) => acl.rules.map((rule) => ({ acl: acl.logicalId, rule })));
  const findings: Finding[] = [];
  for (const group of wanted) {
    const running = rules.filter(({ rule }) => managedGroup(rule) === group);
    if (running.some(({ rule }) => blocks(rule))) continue;
    const acl = running[0]?.acl ?? acls[0].logicalId;
    const where = `web ACL ${model.describe(acl)} on load balancer ${model.describe(lb.logicalId)}`;
    findings.push(
      running.length
        ? model.finding(acl, `${where} runs ${group} with OverrideAction ${running[0].rule.overrideAction ?? '(none)'}: its rules do not block matching requests`, 'Set overrideAction: { none: {} } on the rule group, so its own Block actions apply.')
        : model.finding(acl, `${where} does not run the AWS managed rule group ${group}`, `Add a rule { name: '${group}', priority: …, overrideAction: { none: {} }, statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: '${group}' } }, visibilityConfig: {…} }.`),
    );
  }
  return findings;
}

/** The AWS managed rule group a rule runs, if any. */
function managedGroup(rule: WafRule): string | undefined {
  const s = rule.statement.ManagedRuleGroupStatement;
  return s && String(s.VendorName) === 'AWS' ? String(s.Name) : undefined;
}

/** OverrideAction None keeps the group's own Block actions; Count turns them into counts. */
const blocks = (rule: WafRule) => rule.overrideAction === 'None';
