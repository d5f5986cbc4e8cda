// The AWS WAF web ACLs of a stack as the API checks read them: each web ACL with its rules, and
// which load balancers it protects (AWS::WAFv2::WebACLAssociation, the only way a web ACL reaches
// an Application Load Balancer).
import type { StackModel } from '../../engine/model/model';

export interface WafRule {
  name: string;
  /** The statement as written (resolved): `{ RateBasedStatement: … }`, `{ ManagedRuleGroupStatement: … }`. */
  statement: Record<string, any>;
  /** `Block`, `Allow`, `Count`, `Captcha` or `Challenge`: the key of the rule's Action. */
  action?: string;
  /** `None` or `Count`: the key of a rule group rule's OverrideAction. */
  overrideAction?: string;
}

export interface WebAcl {
  logicalId: string;
  /** `REGIONAL` (load balancers, API Gateway…) or `CLOUDFRONT`. */
  scope: string;
  rules: WafRule[];
}

export const WEB_ACL_TYPE = 'AWS::WAFv2::WebACL';
const ASSOCIATION_TYPE = 'AWS::WAFv2::WebACLAssociation';

/** The key of a one-key object (`{ Block: {} }` → `Block`). */
const onlyKey = (value: unknown): string | undefined => (value && typeof value === 'object' ? Object.keys(value)[0] : undefined);

export function readWebAcl(model: StackModel, logicalId: string): WebAcl | undefined {
  const r = model.resource(logicalId);
  if (!r || r.type !== WEB_ACL_TYPE) return undefined;
  const rules = (Array.isArray(r.props.Rules) ? r.props.Rules : []).map((rule: any): WafRule => ({
    name: String(rule?.Name ?? '?'),
    statement: rule?.Statement ?? {},
    action: onlyKey(rule?.Action),
    overrideAction: onlyKey(rule?.OverrideAction),
  }));
  return { logicalId, scope: String(r.props.Scope ?? ''), rules };
}

/** The web ACLs of this stack associated with a load balancer, by the association's ARNs. */
export function webAclsOf(model: StackModel, loadBalancer: string): WebAcl[] {
  return model
    .ofType(ASSOCIATION_TYPE)
    .filter((a) => model.targetOf(a.raw.Properties?.ResourceArn) === loadBalancer)
    .map((a) => model.targetOf(a.raw.Properties?.WebACLArn))
    .map((id) => (id ? readWebAcl(model, id) : undefined))
    .filter((acl): acl is WebAcl => !!acl);
}

/** What to say when a load balancer has no web ACL: the association is what people forget. */
export function noWebAclMessage(model: StackModel, loadBalancer: string): string {
  const acls = model.ofType(WEB_ACL_TYPE).map((r) => model.describe(r.logicalId));
  const name = model.describe(loadBalancer);
  return acls.length
    ? `load balancer ${name} has no AWS WAF web ACL associated (web ACL ${acls.join(', ')} exists but protects nothing until a WebACLAssociation names the load balancer)`
    : `load balancer ${name} has no AWS WAF web ACL associated, so every request reaches the tasks unfiltered`;
}

export const ASSOCIATE_HINT =
  "Associate the web ACL with the load balancer: new wafv2.CfnWebACLAssociation(this, 'WafAssociation', { resourceArn: alb.loadBalancerArn, webAclArn: webAcl.attrArn }) — the web ACL's scope must be REGIONAL.";

/** A web ACL must be REGIONAL to protect a load balancer; a CLOUDFRONT one cannot be associated with it. */
export function regional(acl: WebAcl): boolean {
  return acl.scope.toUpperCase() === 'REGIONAL';
}
