import { roleRequestContext, simulate, type RoleView } from '../../engine/model/iam';
import type { StackModel } from '../../engine/model/model';
import { defineCheck, type Finding } from '../../engine/types';
import { githubRoles } from './github-roles';

interface Params {
  /** The CDK bootstrap qualifier (DefaultStackSynthesizer.DEFAULT_QUALIFIER unless the app sets another). */
  qualifier: string;
}

/** aws-cdk-lib DefaultStackSynthesizer.DEFAULT_QUALIFIER. */
const DEFAULT_QUALIFIER = 'hnb659fds';
/** The bootstrap roles `cdk deploy` assumes (DefaultStackSynthesizer: deploy, file/image publishing, lookup). */
const BOOTSTRAP_ROLES = ['deploy-role', 'file-publishing-role', 'image-publishing-role', 'lookup-role'];

/** What a deploy role must never be able to do itself: it deploys by assuming the bootstrap roles. */
function forbidden(model: StackModel): { action: string; resource: string; what: string }[] {
  const { account, region, partition } = model.env;
  return [
    { action: 'iam:CreateRole', resource: `arn:${partition}:iam::${account}:role/anything`, what: 'create IAM roles' },
    { action: 'iam:AttachRolePolicy', resource: `arn:${partition}:iam::${account}:role/anything`, what: 'attach policies to roles' },
    { action: 'cloudformation:CreateStack', resource: `arn:${partition}:cloudformation:${region}:${account}:stack/any/*`, what: 'deploy CloudFormation stacks directly' },
    { action: 'ecs:UpdateService', resource: `arn:${partition}:ecs:${region}:${account}:service/any/any`, what: 'change ECS services directly' },
    { action: 's3:GetObject', resource: `arn:${partition}:s3:::any-bucket/any`, what: 'read any S3 object' },
    { action: 'secretsmanager:GetSecretValue', resource: `arn:${partition}:secretsmanager:${region}:${account}:secret:any`, what: 'read secrets' },
    { action: 'sts:AssumeRole', resource: `arn:${partition}:iam::${account}:role/OrganizationAccountAccessRole`, what: 'assume roles other than the CDK bootstrap roles' },
  ];
}

/**
 * The GitHub deploy role can do one thing: assume the CDK bootstrap roles (`cdk deploy` does the
 * rest through them). Anything else it can do directly is what a stolen token could do.
 */
export const deployRoleLeastPrivilege = defineCheck<Params>({
  id: 'automation.deploy-role-least-privilege',
  title: 'The GitHub deploy role can only assume the CDK bootstrap roles',
  severity: 'high',
  why:
    '`cdk deploy` does its work through the bootstrap roles (deploy, file and image publishing, lookup), which CloudFormation ' +
    'and the asset publishing use. The role GitHub assumes needs only sts:AssumeRole on those. Give it AdministratorAccess ' +
    'and a leaked workflow token, or a compromised action in the workflow, owns the account.',
  refs: {
    cdkNag: ['AwsSolutions-IAM4', 'AwsSolutions-IAM5'],
    soc2: ['CC6.1', 'CC6.3'],
    wellArchitected: ['SEC03-BP02 Grant least privilege access'],
    docs: ['https://docs.aws.amazon.com/cdk/v2/guide/bootstrapping-env.html', 'https://github.com/aws-actions/configure-aws-credentials#oidc'],
  },
  params: (raw) => ({ qualifier: typeof raw.qualifier === 'string' ? raw.qualifier : DEFAULT_QUALIFIER }),
  offline({ model, params }) {
    const roles = githubRoles(model);
    if (!roles.length) return { status: 'skip', reason: 'no role in this stack trusts GitHub’s OIDC provider' };
    const findings: Finding[] = [];
    for (const { role } of roles) findings.push(...judgeRole(model, role, params.qualifier));
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});

function judgeRole(model: StackModel, role: RoleView, qualifier: string): Finding[] {
  const { account, region, partition } = model.env;
  const context = roleRequestContext(model, role);
  const findings: Finding[] = [];
  const bootstrap = BOOTSTRAP_ROLES.map((r) => `arn:${partition}:iam::${account}:role/cdk-${qualifier}-${r}-${account}-${region}`);
  const canDeploy = simulate(role, { action: 'sts:AssumeRole', resource: bootstrap[0], context }, { unknown: 'strict' }).allowed;
  if (!canDeploy) {
    findings.push(model.finding(role.logicalId, `role ${role.name} cannot assume the CDK deploy role ${bootstrap[0]}, so \`cdk deploy\` from the workflow fails`, `Allow sts:AssumeRole on arn:aws:iam::<account>:role/cdk-${qualifier}-*.`));
  }
  const excess = forbidden(model).filter((p) => simulate(role, { action: p.action, resource: p.resource, context }, { unknown: 'permissive' }).allowed);
  if (excess.length) {
    findings.push(
      model.finding(role.logicalId, `role ${role.name} can ${excess.map((p) => `${p.what} (${p.action})`).join(', ')}: a deploy role needs none of it`, `Grant only sts:AssumeRole on the cdk-${qualifier}-* bootstrap roles; remove managed policies and wildcards.`),
    );
  }
  return findings;
}
