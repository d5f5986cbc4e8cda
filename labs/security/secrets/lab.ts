// "Secrets that change": the security lab on Secrets Manager. The learner's stack injects an API
// key with valueFrom, encrypted with its own KMS key; the breaks widen who can read it, write it
// in plain text, or give the execution role every secret. The task: rotate it on a schedule.
import { defineLab } from '../../../engine/types';

const ENCRYPTED = '      encryptionKey: secretKey,\n';
const GENERATED = '      generateSecretString: { passwordLength: 40, excludePunctuation: true },\n';
const ENVIRONMENT = "      environment: { PORT: '8080', LOG_LEVEL: 'info' },\n";
const TASK_ROLE_END = "      description: 'The web app itself: no AWS calls yet',\n    });\n";

export default defineLab({
  id: 'security/secrets',
  title: 'Secrets that change',
  layer: 'security',
  order: 2,
  minutes: 40,
  objectives: [
    'Inject a Secrets Manager secret with `secrets` (valueFrom): the template and the image hold only its ARN',
    'Rotate the secret on a schedule with a rotation function, and know what running tasks do when it rotates',
    'Encrypt it with a customer managed KMS key the execution role can decrypt with through Secrets Manager',
    'Let exactly the execution role read it: no other role, and no resource policy that widens the read',
    'Keep every secret value out of the template, the environment and the image',
  ],
  covers: ['security/secrets-management', 'security/q/secrets-rotation', 'scenario/secure-internal/secrets'],
  entry: 'stack.ts',
  stackName: 'SecretsLab',
  breaks: [
    {
      id: 'reporting-shortcut',
      kind: 'code',
      story:
        'The reporting team needed the payment API key "just for a month". A teammate gave every role of the account ' +
        'read access with a policy on the secret, let the app read it too "in case", and switched the secret to the ' +
        'default key because the reporting tool could not decrypt it. Nothing broke — which is the problem.',
      edits: [
        { file: 'stack.ts', find: ENCRYPTED, replace: '      // The reporting tool could not decrypt with our key.\n' },
        {
          file: 'stack.ts',
          find: TASK_ROLE_END,
          replace:
            TASK_ROLE_END +
            '    // Reporting needs the key this month; the app might need it too.\n' +
            "    apiKey.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.AnyPrincipal()], actions: ['secretsmanager:GetSecretValue'], resources: ['*'], conditions: { StringEquals: { 'aws:PrincipalAccount': this.account } } }));\n" +
            '    apiKey.grantRead(taskRole);\n',
        },
      ],
      breaks: ['secrets.read-only-by-execution-role', 'secrets.encrypted-with-cmk'],
    },
    {
      id: 'plaintext-seed',
      kind: 'code',
      story:
        'To make staging match production, someone created the secret with the production value written in stack.ts, ' +
        'and added a fallback variable "in case Secrets Manager is slow". The value is now in git, in cdk.out and in ' +
        'every CloudFormation template version.',
      edits: [
        { file: 'stack.ts', find: GENERATED, replace: "      secretStringValue: SecretValue.unsafePlainText('pk_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0'),\n" },
        { file: 'stack.ts', find: "import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';", replace: "import { Duration, RemovalPolicy, SecretValue, Stack, type StackProps } from 'aws-cdk-lib';" },
        { file: 'stack.ts', find: ENVIRONMENT, replace: "      environment: { PORT: '8080', LOG_LEVEL: 'info', API_KEY_FALLBACK: 'pk_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0' },\n" },
      ],
      breaks: ['secrets.no-plaintext-in-template', 'docker.no-secrets-in-image'],
    },
    {
      id: 'execution-role-reads-all',
      kind: 'code',
      story:
        'After a rename, new tasks failed with AccessDeniedException while fetching secrets. The fix on call: let the ' +
        'execution role read every secret. Tasks start again — and so could any task definition that names this role.',
      edits: [
        {
          file: 'stack.ts',
          find: TASK_ROLE_END,
          replace: TASK_ROLE_END + "    executionRole.addToPolicy(new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: ['*'] }));\n",
        },
      ],
      breaks: ['secrets.read-only-by-execution-role'],
    },
  ],
  defaultBreak: 'reporting-shortcut',
  checks: [
    { id: 'ecs.service-behind-listener', points: 1 },
    // Guard: nothing the offline checks cannot see (custom resources, transforms) may change what the lab is about.
    { id: 'app.verifiable-offline', params: { services: ['secretsmanager', 'kms', 'iam'] }, points: 1 },
    { id: 'secrets.rotation-enabled', params: { maxDays: 30 }, points: 3 },
    { id: 'secrets.encrypted-with-cmk', points: 2 },
    { id: 'secrets.read-only-by-execution-role', points: 3 },
    { id: 'secrets.no-plaintext-in-template', points: 3 },
    { id: 'docker.no-secrets-in-image', points: 2 },
  ],
  taskChecks: ['secrets.rotation-enabled'],
  hints: [
    'Run `lab check`: each finding names the secret, the role or the policy statement. Ask who must read API_KEY ' +
      '(only the ECS agent, when a task starts), where its value may be written (nowhere you control), and how it ' +
      'changes over time.',
    'Rotation is a schedule on the secret that calls a function: look at `addRotationSchedule` on the secret. Who can ' +
      'read is the execution role\'s policy plus the secret\'s resource policy; a resource policy statement grants on ' +
      'its own, without any IAM policy. Keep the secret on `secretKey`, and let Secrets Manager generate its value.',
    "Add `apiKey.addRotationSchedule('Rotation', { rotationLambda: rotateApiKey, automaticallyAfter: Duration.days(30) })`. " +
      'Remove `addToResourcePolicy(...)`, `grantRead(taskRole)` and any GetSecretValue on `*`; keep `encryptionKey: ' +
      'secretKey` and `generateSecretString` on the secret, and no API key in `environment`.',
  ],
});
