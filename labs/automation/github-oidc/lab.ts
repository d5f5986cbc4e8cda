import { defineLab } from '../../../engine/types';

// The trust conditions of starter/stack.ts, as the break finds them.
const SCOPED_TRUST =
  "        StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },\n" +
  '        StringLike: {\n' +
  "          'token.actions.githubusercontent.com:sub': [`repo:${REPOSITORY}:ref:refs/heads/main`, `repo:${REPOSITORY}:environment:production`],\n" +
  '        },\n';

// What the teammate left instead: any repository of the org, any ref, any audience.
const ORG_WIDE_TRUST =
  '        // The new repos could not deploy: this works for all of them.\n' +
  "        StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/*' },\n";

export default defineLab({
  id: 'automation/github-oidc',
  title: 'GitHub OIDC: a deploy role only your main branch can assume',
  layer: 'automation',
  order: 1,
  minutes: 30,
  objectives: [
    'Replace stored AWS keys with GitHub’s OIDC tokens and a role STS trades them for',
    'Read a GitHub token’s `sub` (repository, branch, environment, pull request) and `aud` claims',
    'Write a trust policy that admits the main branch or the production environment and refuses forks, other repositories and branches',
    'Give the deploy role one power: assuming the CDK bootstrap roles',
  ],
  covers: ['automation/oidc', 'automation/q/cicd-secrets'],
  entry: 'stack.ts',
  stackName: 'GitHubOidcLab',
  breaks: [
    {
      id: 'org-wide-trust',
      kind: 'code',
      story:
        'Two new repositories of the acme org needed to deploy too, and the pipeline kept failing with "Not authorized to perform ' +
        'sts:AssumeRoleWithWebIdentity". A teammate widened the deploy role’s trust until it worked for everyone. It does.',
      edits: [{ file: 'stack.ts', find: SCOPED_TRUST, replace: ORG_WIDE_TRUST }],
      breaks: ['automation.oidc-trust-scoped'],
    },
  ],
  defaultBreak: 'org-wide-trust',
  checks: [
    { id: 'ecs.service-behind-listener', points: 1 },
    // Guard: nothing the offline checks cannot see (custom resources, transforms) may change the roles and trust.
    { id: 'app.verifiable-offline', params: { services: ['iam', 'sts'] }, points: 1 },
    { id: 'automation.oidc-trust-scoped', params: { repository: 'acme/shop', branch: 'main', environment: 'production', required: true }, points: 4 },
    { id: 'automation.deploy-role-least-privilege', points: 3 },
  ],
  // Even before the break the deploy role has AdministratorAccess: the TODO in stack.ts.
  taskChecks: ['automation.deploy-role-least-privilege'],
  hints: [
    'Ask who can get a token that satisfies the trust policy. Every repository on GitHub can ask GitHub for a token; what tells them apart is in the token’s claims.',
    'The trust policy can check two claims: `token.actions.githubusercontent.com:aud` (who the token is for) and `:sub` (`repo:owner/name:ref:refs/heads/main`, `…:environment:production`, `…:pull_request`). Then look at what the role itself may do once assumed.',
    'Put back `StringEquals` on `:aud` = `sts.amazonaws.com` and a `:sub` list of exactly `repo:acme/shop:ref:refs/heads/main` and `repo:acme/shop:environment:production`; replace AdministratorAccess with one statement allowing `sts:AssumeRole` on `arn:aws:iam::<account>:role/cdk-hnb659fds-*`.',
  ],
});
