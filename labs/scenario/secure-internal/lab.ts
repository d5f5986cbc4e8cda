// The curriculum's practical scenario "secure internal service" (scenario/secure-internal/*): the
// infrastructure and security labs put together on one service that only the VPC may call.
// Graded by the checks those labs use; network.internal-only judges who can reach it.
import { defineLab } from '../../../engine/types';

const TASK_ROLE_GRANT = '    statements.grantRead(taskRole);\n';

export default defineLab({
  id: 'scenario/secure-internal',
  title: 'Scenario: a secure internal service — private, endpoint-only, least privilege, rotated secrets',
  layer: 'scenario',
  order: 2,
  minutes: 60,
  objectives: [
    'Run the service in isolated subnets, with no internet gateway, NAT gateway or public IP anywhere on its path',
    'Make it reachable only from inside the VPC: an internal load balancer that admits the calling services\' security group',
    'Give the tasks every AWS service they need through VPC endpoints (ECR api and dkr, S3 gateway, Logs, Secrets Manager), each admitting only the tasks',
    'Keep the execution role and the task role each to its one job, with no wildcard',
    'Inject the database secret through `secrets`, readable only by the execution role, rotated every 30 days',
  ],
  covers: [
    'scenario/secure-internal/private-subnets',
    'scenario/secure-internal/vpc-endpoints',
    'scenario/secure-internal/least-privilege',
    'scenario/secure-internal/secrets',
  ],
  entry: 'stack.ts',
  stackName: 'SecureInternalLab',
  breaks: [
    {
      id: 'on-call-shortcut',
      kind: 'code',
      story:
        'At 02:10 the ledger got AccessDenied reading statements from a new S3 prefix, and an hour later a renamed secret ' +
        'stopped new tasks from starting. The engineer on call widened both roles until it worked: "any S3, any secret". ' +
        'The ledger is healthy again — and whoever finds a bug in it can now read every bucket and every secret of the account.',
      edits: [
        {
          file: 'stack.ts',
          find: TASK_ROLE_GRANT,
          replace:
            '    // 02:10, AccessDenied on a new prefix: let it read anything in S3.\n' +
            "    taskRole.addToPolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] }));\n" +
            '    // 03:05, a renamed secret broke task starts: let the agent read every secret.\n' +
            "    executionRole.addToPolicy(new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: ['*'] }));\n",
        },
      ],
      breaks: ['iam.no-admin-or-wildcard-actions', 'iam.task-role-least-privilege', 'iam.execution-role-minimal', 'secrets.read-only-by-execution-role'],
    },
    {
      id: 'open-endpoints',
      kind: 'code',
      story:
        'A batch job in the same VPC could not reach ECR, so a teammate set the endpoints to "open": they now admit HTTPS ' +
        'from the whole VPC. Every workload in it shares the ledger\'s private path to AWS.',
      edits: [{ file: 'stack.ts', find: 'open: false, privateDnsEnabled: true', replace: 'open: true, privateDnsEnabled: true' }],
      breaks: ['endpoints.endpoint-ingress-from-tasks-only'],
    },
  ],
  defaultBreak: 'on-call-shortcut',
  checks: [
    { id: 'ecs.service-behind-listener', points: 1 },
    // Guard: nothing the offline checks cannot see (custom resources, transforms) may change what the scenario is about.
    { id: 'app.verifiable-offline', params: { services: ['ec2', 'ecs', 'elasticloadbalancing', 'iam', 'secretsmanager', 's3'] }, points: 1 },
    { id: 'network.tasks-in-private-subnets', points: 2 },
    { id: 'network.internal-only', params: { service: 'Service' }, points: 3 },
    // Endpoints instead of a NAT gateway: a NAT path counts as a miss.
    { id: 'endpoints.task-reaches-aws-services', params: { via: 'endpoints' }, points: 3 },
    { id: 'endpoints.endpoint-ingress-from-tasks-only', points: 2 },
    { id: 'iam.roles-separated', points: 2 },
    { id: 'iam.no-admin-or-wildcard-actions', points: 2 },
    { id: 'iam.task-role-least-privilege', params: { bucket: 'Statements' }, points: 2 },
    { id: 'iam.execution-role-minimal', params: { repository: 'Repository', logGroup: 'AppLogs', secret: 'DbSecret', bucket: 'Statements' }, points: 2 },
    { id: 'secrets.rotation-enabled', params: { maxDays: 30 }, points: 2 },
    { id: 'secrets.read-only-by-execution-role', points: 2 },
    { id: 'secrets.no-plaintext-in-template', points: 1 },
  ],
  // The first draft itself is the task: internet-facing, out through NAT, a secret that never changes.
  taskChecks: ['network.internal-only', 'endpoints.task-reaches-aws-services', 'secrets.rotation-enabled'],
  hints: [
    'For each finding ask two questions: who can reach this (the internet, the whole VPC, or only the callers?), and what can it reach (the internet, every bucket and secret, or only what the ledger uses)?',
    'Four moves: a VPC of PRIVATE_ISOLATED subnets with natGateways: 0; an internal load balancer in those subnets whose listener is open: false and admits only the Callers group; interface endpoints for Logs and Secrets Manager plus the S3 gateway endpoint beside the ECR ones; the roles back to one grant each, and a rotation schedule on the secret.',
    "subnetConfiguration: [{ name: 'App', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }], natGateways: 0, and those subnets for the endpoints, the service and the ALB; internetFacing: false, open: false on the listener, albSecurityGroup.addIngressRule(callers, ec2.Port.tcp(443)); interfaceEndpoint('Logs', CLOUDWATCH_LOGS), interfaceEndpoint('SecretsManager', SECRETS_MANAGER), vpc.addGatewayEndpoint('S3', …); statements.grantRead(taskRole) instead of s3:*, no GetSecretValue on *; dbSecret.addRotationSchedule('Rotation', { rotationLambda: rotateDbSecret, automaticallyAfter: Duration.days(30) }).",
  ],
});
