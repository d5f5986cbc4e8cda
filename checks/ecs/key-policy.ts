// What a KMS key's own policy lets a principal do. A key policy is a resource policy: a statement
// counts for a caller only when its Principal names it — the role itself, the account (which
// delegates to IAM policies), a service principal, or `*`.
import type { StackModel } from '../../engine/model/model';
import { evaluate, parseDocument, type RequestContext, type Statement } from '../../engine/model/iam';

export interface KeyCaller {
  /** ARNs or account ids the caller counts as under `"AWS"`. */
  aws?: string[];
  /** Service principals under `"Service"` (`logs.us-east-1.amazonaws.com`). */
  service?: string[];
}

function names(st: Statement, caller: KeyCaller): boolean {
  // NotPrincipal statements are rare in key policies and hard to read right: they never grant here.
  if (!st.principals || st.notPrincipals) return false;
  const p = st.principals;
  if ((p['*'] ?? []).includes('*') || (p.AWS ?? []).includes('*')) return true;
  return (caller.aws ?? []).some((a) => (p.AWS ?? []).includes(a)) || (caller.service ?? []).some((s) => (p.Service ?? []).includes(s));
}

/** Does the key's policy allow the caller the action (surely: undecidable statements count against)? */
export function keyPolicyAllows(model: StackModel, keyId: string, caller: KeyCaller, action: string, context: RequestContext = {}): boolean {
  const key = model.resource(keyId);
  const statements = parseDocument(key?.props.KeyPolicy).filter((st) => names(st, caller));
  const keyArn = String(model.resolve({ 'Fn::GetAtt': [keyId, 'Arn'] }));
  return evaluate([{ name: `key policy of ${model.describe(keyId)}`, statements }], { action, resource: keyArn, context }, { unknown: 'strict' }).allowed;
}

/** The account as a key-policy principal: its root ARN or its bare id. */
export function accountPrincipals(model: StackModel): string[] {
  return [`arn:${model.env.partition}:iam::${model.env.account}:root`, model.env.account];
}
