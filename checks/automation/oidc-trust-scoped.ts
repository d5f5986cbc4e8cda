import { assumeRoleWithWebIdentity, githubSubject, STS_AUDIENCE, type Repository, type RunContext } from '../../engine/model/iam';
import { defineCheck, type Finding } from '../../engine/types';
import { githubRoles, parseRepository } from './github-roles';

interface Params {
  repository: Repository;
  /** Runs the deploy must keep working for: at least one must be admitted. */
  admit: RunContext[];
  /** The subject form the repository's tokens use (immutable: the ids are in `sub`). */
  form: 'classic' | 'immutable';
  /** Fail, rather than skip, when no role trusts GitHub (the lab is about one). */
  required: boolean;
}

/** A branch that is not the deploy branch: any feature branch pushes this. */
const FEATURE_BRANCH = 'refs/heads/feature/try-something';
/** The audience a token gets when the workflow asks for none (GitHub: the owner's URL). */
const defaultAudience = (owner: string) => `https://github.com/${owner}`;

/**
 * Only this repository's deploy runs can assume the deploy role: tokens from another repository,
 * a pull request (a fork's included), a feature branch or for another audience are refused; the
 * deploy (the main branch or the production environment) is admitted.
 */
export const oidcTrustScoped = defineCheck<Params>({
  id: 'automation.oidc-trust-scoped',
  title: 'Only this repository’s deploy runs can assume the GitHub deploy role',
  severity: 'critical',
  why:
    'A role that trusts GitHub’s OIDC provider trusts every workflow on GitHub unless its trust policy checks the token’s `sub` ' +
    '(which repository, which branch or environment) and `aud`. `repo:org/*` lets every repository of the org, every branch and ' +
    'every pull request — a fork’s included, where anyone can change the workflow — deploy to your account.',
  refs: {
    wellArchitected: ['SEC02-BP02 Use temporary credentials'],
    docs: [
      'https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html#idp_oidc_Create_GitHub',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif',
    ],
  },
  params: (raw) => {
    const repo = parseRepository(raw.repository);
    const admit: RunContext[] = [];
    if (typeof raw.branch === 'string') admit.push({ ref: `refs/heads/${raw.branch}` });
    if (typeof raw.environment === 'string') admit.push({ environment: raw.environment });
    if (!admit.length) throw new Error('give the deploy branch or environment (params branch, environment)');
    const form = raw.form === 'immutable' ? 'immutable' : 'classic';
    const ids = { ownerId: typeof raw.ownerId === 'number' ? raw.ownerId : undefined, repositoryId: typeof raw.repositoryId === 'number' ? raw.repositoryId : undefined };
    return { repository: { ...repo, ...ids }, admit, form, required: raw.required === true };
  },
  offline({ model, params }) {
    const roles = githubRoles(model);
    if (!roles.length) {
      return params.required
        ? { status: 'fail', findings: [{ message: 'no role in this stack trusts GitHub’s OIDC provider (token.actions.githubusercontent.com), so the workflow has no way to deploy without stored keys', hint: 'Create the OIDC provider and a deploy role whose trust is a WebIdentityPrincipal for it.' }] }
        : { status: 'skip', reason: 'no role in this stack trusts GitHub’s OIDC provider' };
    }
    const repo = params.repository;
    const subject = (r: Repository, run: RunContext) => githubSubject(r, run, params.form);
    const refused: { what: string; sub: string; aud: string }[] = [
      { what: `another repository of ${repo.owner}`, sub: subject({ ...repo, name: `${repo.name}-sandbox`, repositoryId: 1 }, { ref: 'refs/heads/main' }), aud: STS_AUDIENCE },
      { what: 'a pull request (a fork’s too)', sub: subject(repo, { pullRequest: true }), aud: STS_AUDIENCE },
      { what: 'a feature branch', sub: subject(repo, { ref: FEATURE_BRANCH }), aud: STS_AUDIENCE },
      ...params.admit.map((run) => ({ what: `a token for the default audience ${defaultAudience(repo.owner)}, not sts.amazonaws.com`, sub: subject(repo, run), aud: defaultAudience(repo.owner) })),
    ];
    const findings: Finding[] = [];
    for (const { role, providerArn } of roles) {
      for (const t of refused) {
        const d = assumeRoleWithWebIdentity(role.trust, providerArn, t, { unknown: 'permissive' });
        if (!d.allowed) continue;
        const by = d.decidedBy ? ` (${d.decidedBy.label} of its trust policy)` : '';
        findings.push(
          model.finding(role.logicalId, `role ${role.name} can be assumed by ${t.what}: a token with sub "${t.sub}" and aud "${t.aud}" is admitted${by}`, 'Require aud = sts.amazonaws.com (StringEquals) and a sub naming this repository’s deploy branch or environment exactly.'),
        );
      }
      const admitted = params.admit.filter((run) => assumeRoleWithWebIdentity(role.trust, providerArn, { sub: subject(repo, run), aud: STS_AUDIENCE }, { unknown: 'strict' }).allowed);
      if (!admitted.length) {
        const subs = params.admit.map((run) => `"${subject(repo, run)}"`).join(' or ');
        findings.push(model.finding(role.logicalId, `role ${role.name} refuses the deploy itself: no token with sub ${subs} and aud "${STS_AUDIENCE}" is admitted`, 'Admit the deploy: the sub of the main branch or of the production environment, with aud sts.amazonaws.com.'));
      }
    }
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});
