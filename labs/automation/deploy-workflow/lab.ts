import { defineLab } from '../../../engine/types';

const WORKFLOW = '.github/workflows/deploy.yml';

// The deploy job's header in starter/.github/workflows/deploy.yml, as the break finds it…
const SAFE_JOB_HEADER =
  '    permissions:\n' +
  '      id-token: write # ask GitHub for the OIDC token\n' +
  '      contents: read # check out the code\n' +
  '    # One deploy at a time; a newer push waits, it never cancels a deploy halfway.\n' +
  '    concurrency:\n' +
  '      group: deploy-production\n' +
  '      cancel-in-progress: false\n';
// …and the shortcut: every permission, no concurrency.
const SHORTCUT_JOB_HEADER = '    permissions: write-all # the deploy kept failing on permissions\n';

const OIDC_CREDENTIALS =
  '      - uses: aws-actions/configure-aws-credentials@e3dd6a429d7300a6a4c196c26e071d42e0343502 # v4.0.2\n' +
  '        with:\n' +
  '          role-to-assume: ${{ vars.DEPLOY_ROLE_ARN }}\n';
const STATIC_KEYS =
  '      - uses: aws-actions/configure-aws-credentials@main\n' +
  '        with:\n' +
  '          aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}\n' +
  '          aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}\n';

export default defineLab({
  id: 'automation/deploy-workflow',
  title: 'A deploy workflow that is safe to run',
  layer: 'automation',
  order: 2,
  minutes: 35,
  objectives: [
    'Give the deploy job’s token only id-token: write and contents: read',
    'Get AWS credentials through OIDC (role-to-assume), never from stored keys',
    'Pin third-party actions to full commit SHAs',
    'Test before deploying, serialise deploys without cancelling one in progress, deploy in a protected environment',
    'Give a failed deploy a failure path: roll back and tell the team',
  ],
  covers: ['automation/github-actions', 'automation/deployment-strategies', 'automation/q/rollback'],
  entry: 'stack.ts',
  stackName: 'DeployWorkflowLab',
  breaks: [
    {
      id: 'pipeline-shortcuts',
      kind: 'code',
      story:
        'The deploy went red three times on Friday: a permissions error, an OIDC error, a deploy cancelled by the next push. ' +
        'To ship the hotfix, a teammate "simplified" the workflow until it went green, with the old access keys that were ' +
        'still in the repository secrets. It has deployed fine ever since.',
      edits: [
        { file: WORKFLOW, find: SAFE_JOB_HEADER, replace: SHORTCUT_JOB_HEADER },
        { file: WORKFLOW, find: OIDC_CREDENTIALS, replace: STATIC_KEYS },
      ],
      breaks: ['automation.workflow-permissions', 'automation.workflow-no-static-keys', 'automation.workflow-actions-pinned', 'automation.workflow-deploy-concurrency'],
    },
  ],
  defaultBreak: 'pipeline-shortcuts',
  checks: [
    { id: 'ecs.service-behind-listener', points: 1 },
    // Guard: nothing the offline checks cannot see (custom resources, transforms) may change the deploy role.
    { id: 'app.verifiable-offline', params: { services: ['iam', 'sts'] }, points: 1 },
    { id: 'automation.oidc-trust-scoped', params: { repository: 'acme/shop', branch: 'main', environment: 'production', required: true }, points: 1 },
    { id: 'automation.workflow-permissions', params: { workflow: WORKFLOW }, points: 2 },
    { id: 'automation.workflow-no-static-keys', params: { workflow: WORKFLOW }, points: 3 },
    { id: 'automation.workflow-actions-pinned', params: { workflow: WORKFLOW }, points: 2 },
    { id: 'automation.workflow-tests-before-deploy', params: { workflow: WORKFLOW }, points: 1 },
    { id: 'automation.workflow-deploy-concurrency', params: { workflow: WORKFLOW }, points: 2 },
    { id: 'automation.workflow-production-environment', params: { workflow: WORKFLOW, environment: 'production' }, points: 1 },
    { id: 'automation.workflow-cdk-approval', params: { workflow: WORKFLOW }, points: 1 },
    { id: 'automation.workflow-failure-path', params: { workflow: WORKFLOW }, points: 2 },
  ],
  // Even before the break, a failed deploy runs nothing: the TODO in the workflow.
  taskChecks: ['automation.workflow-failure-path'],
  hints: [
    'Read the workflow as an attacker would: what can its token write, what credentials can a step read, and whose code runs in it? Then read it as on-call: what happens when two pushes race, or a deploy fails?',
    'Look at the deploy job’s `permissions`, the inputs of configure-aws-credentials, the ref after every `@`, the job’s `concurrency`, and whether any step runs under `if: failure()`.',
    'Give the deploy job `permissions: { id-token: write, contents: read }` and `concurrency: { group: deploy-production, cancel-in-progress: false }`; use `role-to-assume: ${{ vars.DEPLOY_ROLE_ARN }}` instead of the key inputs and pin the action to its commit SHA; add steps after `cdk deploy` with `if: failure()` that redeploy the previous commit and notify.',
  ],
});
