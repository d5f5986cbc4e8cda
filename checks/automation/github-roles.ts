// The roles of a stack that GitHub Actions can assume: roles whose trust policy names GitHub's
// OIDC provider as its Federated principal — a provider defined in the stack (AWS::IAM::OIDCProvider
// for https://token.actions.githubusercontent.com) or one imported by ARN.
import type { StackModel } from '../../engine/model/model';
import { GITHUB_OIDC_HOST, GITHUB_OIDC_URL, iamModelOf, type RoleView } from '../../engine/model/iam';

export interface GitHubRole {
  role: RoleView;
  /** The provider ARN the role's trust names (as the model resolves it). */
  providerArn: string;
}

/** ARNs of GitHub OIDC providers: the stack's own, and any `oidc-provider/token.actions…` a trust names. */
function isGitHubProviderArn(model: StackModel, arn: string): boolean {
  if (arn.endsWith(`:oidc-provider/${GITHUB_OIDC_HOST}`)) return true;
  return model
    .ofType('AWS::IAM::OIDCProvider')
    .some((p) => String(p.props.Url ?? '').replace(/\/$/, '') === GITHUB_OIDC_URL && String(model.resolve({ Ref: p.logicalId })) === arn);
}

export function githubRoles(model: StackModel): GitHubRole[] {
  const out: GitHubRole[] = [];
  for (const role of iamModelOf(model).roles()) {
    const federated = role.trust.filter((s) => s.effect === 'Allow').flatMap((s) => s.principals?.Federated ?? []);
    const provider = federated.find((arn) => isGitHubProviderArn(model, arn));
    if (provider) out.push({ role, providerArn: provider });
  }
  return out;
}

/** `acme/shop` → owner and name; a readable Error otherwise (lab params are validated). */
export function parseRepository(raw: unknown): { owner: string; name: string } {
  const m = typeof raw === 'string' ? /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/.exec(raw) : null;
  if (!m) throw new Error(`repository must be "owner/name", got ${JSON.stringify(raw)}`);
  return { owner: m[1], name: m[2] };
}
