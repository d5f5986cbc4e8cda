import { defineLab } from '../../../engine/types';

// The role block of starter/stack.ts, as the break finds it.
const ROLES =
  "    // The execution role is the ECS agent's: before your code runs, it pulls the image,\n" +
  '    // creates the log stream and fetches the injected secret.\n' +
  "    const executionRole = new iam.Role(this, 'ExecutionRole', {\n" +
  "      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),\n" +
  "      description: 'ECS agent: pull the image, write the logs, read the injected secret',\n" +
  '    });\n' +
  "    // The task role is the app's own: the AWS SDK inside the container gets its credentials.\n" +
  "    const taskRole = new iam.Role(this, 'TaskRole', {\n" +
  "      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),\n" +
  "      description: 'The web app itself: reads files from the assets bucket',\n" +
  '    });\n';

// What the teammate left instead: one role for both jobs, admin rights, assumable from the account.
const SHARED_ADMIN_ROLE =
  '    // Incident fix: tasks failed with AccessDenied, so one role for everything.\n' +
  '    // Also assumable from our account, so we can debug with the same rights.\n' +
  "    const appRole = new iam.Role(this, 'AppRole', {\n" +
  '      assumedBy: new iam.CompositePrincipal(\n' +
  "        new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),\n" +
  '        new iam.AccountRootPrincipal(),\n' +
  '      ),\n' +
  "      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')],\n" +
  '    });\n' +
  '    const executionRole = appRole;\n' +
  '    const taskRole = appRole;\n';

export default defineLab({
  id: 'security/iam-roles',
  title: 'IAM roles: execution role vs task role, least privilege',
  layer: 'security',
  order: 1,
  minutes: 35,
  objectives: [
    'Tell the execution role (the ECS agent starting a task) from the task role (the app’s own AWS calls)',
    'Give each role only what its job needs: image pull, logs and one secret; reading one bucket',
    'Trust each role to ecs-tasks.amazonaws.com and nobody else',
    'Replace AWS managed admin policies and wildcard actions with grants on named resources',
    'Inject a secret from Secrets Manager without giving the app (or anyone else) every secret',
  ],
  covers: [
    'security/iam-roles',
    'security/secrets-management',
    'security/q/iam-role-separation',
    'security/q/secrets-rotation',
    'scenario/secure-internal/least-privilege',
    'scenario/secure-internal/secrets',
  ],
  entry: 'stack.ts',
  stackName: 'IamRolesLab',
  breaks: [
    {
      id: 'shared-admin-role',
      kind: 'code',
      story:
        'Last night new tasks kept failing to start, then the app got AccessDenied from S3. The teammate on call ' +
        '"made it work" with one quick change to the roles and went to bed. The service is healthy again, but this ' +
        'morning the security review flagged the stack: the app’s containers can now do far more than read their files.',
      edits: [{ file: 'stack.ts', find: ROLES, replace: SHARED_ADMIN_ROLE }],
      breaks: ['iam.roles-separated', 'iam.no-admin-or-wildcard-actions', 'iam.task-role-least-privilege', 'iam.execution-role-minimal'],
    },
    {
      // A second round (`lab break support-access`): two roles still, each with one thing too many.
      id: 'support-access',
      kind: 'code',
      story:
        'Two tickets, two quick fixes. Support wanted to reproduce a customer issue "as the app", so the task role ' +
        'now trusts the account. And when a new secret failed to inject, someone let the execution role read every ' +
        'secret, "so it never happens again". Both tickets are closed; the roles are no longer what their jobs need.',
      edits: [
        {
          file: 'stack.ts',
          find: "    const taskRole = new iam.Role(this, 'TaskRole', {\n      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),\n",
          replace:
            "    const taskRole = new iam.Role(this, 'TaskRole', {\n" +
            '      // Support assumes it to reproduce issues as the app.\n' +
            "      assumedBy: new iam.CompositePrincipal(new iam.ServicePrincipal('ecs-tasks.amazonaws.com'), new iam.AccountRootPrincipal()),\n",
        },
        {
          file: 'stack.ts',
          find: "      description: 'ECS agent: pull the image, write the logs, read the injected secret',\n    });\n",
          replace:
            "      description: 'ECS agent: pull the image, write the logs, read the injected secret',\n    });\n" +
            '    // A new secret failed to inject once: let the agent read any secret, so it never happens again.\n' +
            "    executionRole.addToPolicy(new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: ['*'] }));\n",
        },
      ],
      breaks: ['iam.roles-separated', 'iam.execution-role-minimal'],
    },
  ],
  defaultBreak: 'shared-admin-role',
  checks: [
    { id: 'ecs.service-behind-listener', points: 1 },
    // Guard: nothing the offline checks cannot see (custom resources, transforms) may change what the lab is about.
    { id: 'app.verifiable-offline', params: { services: ['iam', 'sts'] }, points: 1 },
    { id: 'iam.roles-separated', points: 3 },
    { id: 'iam.no-admin-or-wildcard-actions', points: 3 },
    { id: 'iam.task-role-least-privilege', params: { bucket: 'Assets' }, points: 3 },
    { id: 'iam.execution-role-minimal', params: { repository: 'Repository', logGroup: 'AppLogs', secret: 'DbSecret', bucket: 'Assets' }, points: 3 },
  ],
  // Even before the break, the task role may write to the bucket: the TODO in stack.ts.
  taskChecks: ['iam.task-role-least-privilege'],
  hints: [
    'Ask who uses each role, and when. Something has to pull the image and fetch the secret before your code runs; your code then calls S3. Are those the same job?',
    'Look at the roles the task definition gets (`executionRole`, `taskRole`): two jobs need two roles, each assumable only by ecs-tasks.amazonaws.com, with no managed admin policy. CDK grants the execution role what the container needs; the task role needs one grant on the bucket — check which one.',
    "Replace the shared role with two `new iam.Role(this, …, { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') })` (no managedPolicies, no AccountRootPrincipal), pass them as `executionRole` and `taskRole`, and use `assets.grantRead(taskRole)` instead of grantReadWrite.",
  ],
});
