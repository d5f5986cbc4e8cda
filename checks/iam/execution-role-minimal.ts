import type { StackModel } from '../../engine/model/model';
import { neededOnStoreKeys, storeKey, type GrantRequest, type RoleView, type StoreUse, type TaskDefinitionView } from '../../engine/model/iam';
import { defineCheck, type Finding } from '../../engine/types';
import { constructIdParam, noOtherParams } from './params';
import { grantsBeyondNeed, mustAllow, unknownPolicyFindings, type Probe } from './probes';
import { resourceById, roleLabel, roleOfTask, taskDefinitionsOf, type Found } from './task-roles';

const ID = 'iam.execution-role-minimal';
const BROAD_HINT =
  'Pull only from the task\'s repository and write only its log group: let CDK grant what the container uses ' +
  '(fromEcrRepository and awsLogs do it, or repository.grantPull / logGroup.grantWrite) instead of the AWS managed ' +
  'AmazonECSTaskExecutionRolePolicy, which allows ECR pulls and log writes on "*".';

interface Params {
  repository: string;
  logGroup: string;
  secret: string;
  /** A bucket the execution role must keep away from; every bucket of the stack is probed anyway. */
  bucket?: string;
}

interface Targets {
  repository: { arn: string; uri: string; name: string; logicalId: string };
  logGroup: { name: string; streamArn: string; label: string; logicalId: string };
  secret: { arn: string; name: string; logicalId: string };
}

/**
 * Computes what the execution role can do (see grants.ts) and compares it with what the ECS agent
 * does to start the task — pull the image
 * from the repository, write to the log group, read the injected secret — and against what it
 * must not do: read other secrets, pull from other repositories or write other log groups, change
 * the image or the secret, touch S3 or IAM. The container must still use all three, so a "fix"
 * that drops the secret or the logs does not pass.
 *
 * The AWS managed AmazonECSTaskExecutionRolePolicy fails here on purpose: it grants ECR pulls and
 * log writes on "*", every image and every log group of the account. That is AWS's convenient
 * default, not least privilege, which is what this check (and the iam-roles lab) teaches.
 */
export const executionRoleMinimal = defineCheck<Params>({
  id: ID,
  title: 'The execution role can start the task and do nothing else',
  severity: 'high',
  why:
    'The ECS agent uses the execution role before your code runs: to pull the image, create the log stream and fetch ' +
    'the secrets it injects as environment variables. That is all it needs. Anything more is reachable by whoever can ' +
    'register a task definition with this role, and `secretsmanager:GetSecretValue` on `*` means every secret in the account. ' +
    'The AWS managed AmazonECSTaskExecutionRolePolicy is convenient but grants image pulls and log writes on `*`: every ' +
    'repository (images can embed code and configuration) and every log group (a place to forge or flood logs).',
  refs: {
    soc2: ['CC6.1', 'CC6.3'],
    wellArchitected: ['SEC03-BP02 Grant least privilege access'],
    docs: [
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html',
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html',
    ],
  },
  params(raw) {
    noOtherParams(ID, raw, ['repository', 'logGroup', 'secret', 'bucket']);
    return {
      repository: constructIdParam(ID, raw, 'repository'),
      logGroup: constructIdParam(ID, raw, 'logGroup'),
      secret: constructIdParam(ID, raw, 'secret'),
      bucket: constructIdParam(ID, raw, 'bucket', true),
    };
  },
  async offline({ model, params }) {
    const tds = taskDefinitionsOf(model);
    if ('finding' in tds) return { status: 'fail', findings: [tds.finding] };
    const targets = findTargets(model, params);
    if ('finding' in targets) return { status: 'fail', findings: [targets.finding] };
    const findings: Finding[] = [];
    for (const td of tds.ok) {
      findings.push(...containerFindings(model, td, targets.ok));
      const role = roleOfTask(model, td, 'execution');
      if ('finding' in role) {
        findings.push(role.finding);
        continue;
      }
      findings.push(...(await roleFindings(model, td, role.ok, targets.ok)));
    }
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});

function findTargets(model: StackModel, params: Params): Found<Targets> {
  const repo = resourceById(model, params.repository, 'AWS::ECR::Repository', 'ECR repository', 'Put the repository back: the image is pulled from it.');
  if ('finding' in repo) return repo;
  const logs = resourceById(model, params.logGroup, 'AWS::Logs::LogGroup', 'log group', 'Put the log group back: the container logs to it.');
  if ('finding' in logs) return logs;
  const secret = resourceById(model, params.secret, 'AWS::SecretsManager::Secret', 'secret', 'Put the secret back: the container gets it injected.');
  if ('finding' in secret) return secret;
  if (params.bucket) {
    const bucket = resourceById(model, params.bucket, 'AWS::S3::Bucket', 'S3 bucket', 'Put the bucket back: the app reads its files from it.');
    if ('finding' in bucket) return bucket;
  }
  const att = (id: string, name: string) => String(model.resolve({ 'Fn::GetAtt': [id, name] }));
  // The synthetic log group ARN ends in `:*`, as CloudFormation's does; streams live under it.
  const logGroupArn = att(logs.ok.logicalId, 'Arn').replace(/:\*$/, '');
  return {
    ok: {
      repository: { arn: att(repo.ok.logicalId, 'Arn'), uri: att(repo.ok.logicalId, 'RepositoryUri'), name: params.repository, logicalId: repo.ok.logicalId },
      logGroup: { name: String(model.resolve({ Ref: logs.ok.logicalId })), streamArn: `${logGroupArn}:log-stream:app/app/ecs-lab-probe`, label: params.logGroup, logicalId: logs.ok.logicalId },
      secret: { arn: String(model.resolve({ Ref: secret.ok.logicalId })), name: params.secret, logicalId: secret.ok.logicalId },
    },
  };
}

/** Injected as `arn` or as `arn:json-key:version-stage:version-id`. */
const injects = (valueFrom: unknown, secretArn: string) => valueFrom === secretArn || String(valueFrom).startsWith(`${secretArn}:`);

function containerFindings(model: StackModel, td: TaskDefinitionView, t: Targets): Finding[] {
  const c = td.containers;
  const image = (i: unknown) => typeof i === 'string' && (i === t.repository.uri || i.startsWith(`${t.repository.uri}:`) || i.startsWith(`${t.repository.uri}@`));
  const logsTo = (l: any) => l?.LogDriver === 'awslogs' && l?.Options?.['awslogs-group'] === t.logGroup.name;
  const what = `task definition ${model.describe(td.logicalId)}`;
  const findings: Finding[] = [];
  if (!c.some((x) => image(x.Image))) {
    findings.push(model.finding(td.logicalId, `${what} no longer pulls its image from repository ${t.repository.name}`, 'Keep ecs.ContainerImage.fromEcrRepository(repository, …) as the image.'));
  }
  if (!c.some((x) => logsTo(x.LogConfiguration))) {
    findings.push(model.finding(td.logicalId, `${what} no longer sends its logs to log group ${t.logGroup.label}`, 'Keep ecs.LogDrivers.awsLogs({ logGroup, … }) as the container\'s logging.'));
  }
  if (!c.some((x) => (x.Secrets ?? []).some((s: any) => injects(s.ValueFrom, t.secret.arn)))) {
    findings.push(model.finding(td.logicalId, `${what} no longer gets secret ${t.secret.name} injected`, 'Keep the secret in the container\'s `secrets` (ecs.Secret.fromSecretsManager).'));
  }
  return findings;
}

/** What the ECS agent does with each resource it starts the task from (catalogue action names). */
const AGENT_NEEDS = {
  pull: new Set(['ecr:batchchecklayeravailability', 'ecr:getdownloadurlforlayer', 'ecr:batchgetimage']),
  logs: new Set(['logs:createlogstream', 'logs:putlogevents']),
  // CDK's secret.grantRead adds DescribeSecret to GetSecretValue; both only read the one secret.
  secret: new Set(['secretsmanager:getsecretvalue', 'secretsmanager:describesecret']),
};

const HINTS: Record<string, string> = {
  ecr: BROAD_HINT,
  logs: BROAD_HINT,
  secretsmanager: 'Starting a task only reads the injected secret: scope secretsmanager:GetSecretValue to its ARN, not `*`, with no write or policy actions.',
  s3: 'The ECS agent never reads the app\'s data: no S3 permissions on the execution role.',
  iam: 'The ECS agent never manages IAM: no iam: actions on the execution role.',
};
const OTHER_HINT = 'The execution role only pulls the image, writes the log group and reads the injected secret: remove every other permission.';

/** A secret encrypted with a key of the stack is read through Secrets Manager, which decrypts with the reader's permission. */
function secretKeyProbe(model: StackModel, secret: Targets['secret']): Probe[] {
  const key = storeKey(model, secret.logicalId);
  if (!key) return [];
  return [{ action: 'kms:Decrypt', resource: key.keyArn, what: `key ${model.describe(key.keyId)} of secret ${secret.name}` }];
}

async function roleFindings(model: StackModel, td: TaskDefinitionView, role: RoleView, t: Targets): Promise<Finding[]> {
  const label = roleLabel(model, td, role.logicalId);
  const { repository: repo, logGroup: logs, secret } = t;
  const needs: Probe[] = [
    { action: 'ecr:GetAuthorizationToken', resource: '*', what: 'ECR (it takes no resource)' },
    ...['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'].map((action) => ({ action, resource: repo.arn, what: `repository ${repo.name}` })),
    ...['logs:CreateLogStream', 'logs:PutLogEvents'].map((action) => ({ action, resource: logs.streamArn, what: `log streams of log group ${logs.label}` })),
    { action: 'secretsmanager:GetSecretValue', resource: secret.arn, what: `secret ${secret.name}` },
    ...secretKeyProbe(model, secret),
  ];
  const injected = td.containers.flatMap((c) => (c.Secrets ?? []).map((s: any) => String(s.ValueFrom)));
  // The agent reads every secret it injects (kms:Decrypt on a secret's own key is part of that),
  // writes the log group and pulls the image (neither needs anything on their keys): store-keys.ts.
  const injectedSecrets = model.ofType('AWS::SecretsManager::Secret').filter((s) => injected.some((v) => injects(v, String(model.resolve({ Ref: s.logicalId })))));
  const uses: StoreUse[] = [
    ...injectedSecrets.map((s) => ({ logicalId: s.logicalId, access: 'read' as const })),
    { logicalId: t.logGroup.logicalId, access: 'write' },
    { logicalId: t.repository.logicalId, access: 'read' },
  ];
  const onStoreKeys = neededOnStoreKeys(model, uses);
  const needed = (r: GrantRequest) => {
    if (onStoreKeys(r)) return true;
    const a = r.action.toLowerCase();
    if (a === 'ecr:getauthorizationtoken') return true;
    if (r.logicalId === t.repository.logicalId) return AGENT_NEEDS.pull.has(a);
    if (r.logicalId === t.logGroup.logicalId) return AGENT_NEEDS.logs.has(a);
    return r.service === 'secretsmanager' && r.logicalId !== undefined && AGENT_NEEDS.secret.has(a) && injected.some((v) => injects(v, r.resource));
  };
  return [
    ...unknownPolicyFindings(model, role, label),
    ...mustAllow(model, role, label, needs, 'The execution role needs to pull the image, write the log group and read the injected secret, with kms:Decrypt on the secret\'s key when it has one (CDK grants these when you keep the image, logging and secrets on the container).'),
    ...(await grantsBeyondNeed(model, role, label, needed, (service) => HINTS[service] ?? OTHER_HINT)),
  ];
}
