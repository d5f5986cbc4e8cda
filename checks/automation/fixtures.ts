// For the automation check tests: a stack with GitHub's OIDC provider and a deploy role, built
// from real constructs; the trust conditions and the role's grants vary per test.
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

export const REPO = 'acme/shop';
export const GOOD_TRUST = {
  StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
  StringLike: { 'token.actions.githubusercontent.com:sub': [`repo:${REPO}:ref:refs/heads/main`, `repo:${REPO}:environment:production`] },
};

export interface DeployRoleOptions {
  conditions?: iam.Conditions;
  /** Adds grants to the role (default: sts:AssumeRole on the CDK bootstrap roles). */
  grant?: (role: iam.Role, stack: Stack) => void;
  /** Leave the provider and role out (a stack with nothing GitHub can assume). */
  none?: boolean;
}

export function deployRoleStack(opts: DeployRoleOptions = {}): Stack {
  const stack = new Stack(new App(), 'Test');
  if (opts.none) {
    new iam.Role(stack, 'Other', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    return stack;
  }
  const provider = new iam.OidcProviderNative(stack, 'GitHub', { url: 'https://token.actions.githubusercontent.com', clientIds: ['sts.amazonaws.com'] });
  const role = new iam.Role(stack, 'DeployRole', { assumedBy: new iam.OpenIdConnectPrincipal(provider, opts.conditions ?? GOOD_TRUST) });
  (opts.grant ?? bootstrapGrant)(role, stack);
  return stack;
}

export function bootstrapGrant(role: iam.Role, stack: Stack): void {
  role.addToPolicy(new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [`arn:aws:iam::${stack.account}:role/cdk-hnb659fds-*`] }));
}
