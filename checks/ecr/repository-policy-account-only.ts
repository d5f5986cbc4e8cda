import type { StackModel } from '../../engine/model/model';
import { decideByResourcePolicy, statementLabel } from '../../engine/model/iam';
import { defineCheck, type Finding } from '../../engine/types';
import { judgeRepositories, repoLabel } from './repositories';

// A principal of an account that is not the stack's (AWS's documentation example account id).
const OUTSIDE_ACCOUNT = '210987654321';
const OUTSIDER = `arn:aws:iam::${OUTSIDE_ACCOUNT}:role/someone-else`;

// What pulling and pushing an image take (ECR user guide, "Repository policy examples").
const PULL = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];
const CHANGE = ['ecr:PutImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:BatchDeleteImage', 'ecr:SetRepositoryPolicy', 'ecr:DeleteRepository'];

const HINT =
  'Grant pulls to the account\'s roles only: repository.grantPull(executionRole) (or a statement whose Principal is a role ' +
  'of this account); never Principal "*" or another account without a condition that limits it.';

/**
 * No principal outside the stack's account can pull from or push to a repository: its repository
 * policy (a resource policy, evaluated as AWS does — see engine/model/iam/resource-policies.ts)
 * allows none of the pull or write actions to a principal of another account. A statement that
 * only a condition the lab cannot decide limits (aws:PrincipalOrgID, aws:SourceVpce) counts as
 * open: it may let in more than the account.
 */
export const repositoryPolicyAccountOnly = defineCheck({
  id: 'ecr.repository-policy-account-only',
  title: 'Only principals of the account can pull from or push to the repository',
  severity: 'high',
  why:
    'A repository policy is a resource policy: what it allows, it allows without any IAM policy of the caller\'s own ' +
    'account being asked. `Principal: "*"` on ecr:BatchGetImage lets anyone with an AWS account pull your images, ' +
    'with the code, configuration and any secret baked into them; on ecr:PutImage it lets them replace what you run. ' +
    'Roles of your account get pulls from their IAM policies; the repository policy need not name anyone else.',
  refs: {
    cdkNag: ['AwsSolutions-ECR1'],
    soc2: ['CC6.1', 'CC6.6'],
    docs: ['https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policies.html', 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html'],
  },
  offline({ model }) {
    return judgeRepositories(model, (repo) => outsiderFindings(model, repo.logicalId));
  },
});

function outsiderFindings(model: StackModel, repoId: string): Finding[] {
  const resource = String(model.resolve({ 'Fn::GetAtt': [repoId, 'Arn'] }));
  const context = { 'aws:PrincipalArn': OUTSIDER, 'aws:PrincipalAccount': OUTSIDE_ACCOUNT, 'aws:PrincipalType': 'AssumedRole', 'aws:SecureTransport': true };
  const byStatement = new Map<string, { label: string; actions: string[]; undecided: boolean }>();
  for (const action of [...PULL, ...CHANGE]) {
    const d = decideByResourcePolicy(model, { action, resource, context }, { unknown: 'permissive' });
    if (!d.allowed || !d.decidedBy) continue;
    const key = `${d.decidedBy.policy.logicalId}#${d.decidedBy.index}`;
    const entry = byStatement.get(key) ?? { label: statementLabel(d.decidedBy.index, d.decidedBy.statement), actions: [], undecided: d.assumptions.length > 0 };
    entry.actions.push(action);
    byStatement.set(key, entry);
  }
  const label = repoLabel(model, repoId);
  return [...byStatement.values()].map((e) => {
    const what = e.actions.some((a) => CHANGE.includes(a)) ? 'push or delete images' : 'pull images';
    const maybe = e.undecided ? ' (limited only by a condition the lab cannot decide offline, so perhaps beyond the account)' : '';
    return model.finding(repoId, `${label}: ${e.label} of its repository policy lets principals outside the account ${what} (${e.actions.join(', ')})${maybe}`, HINT);
  });
}
