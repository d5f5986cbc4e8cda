import type { StackModel } from '../../engine/model/model';
import { iamModelOf, roleRequestContext, simulate } from '../../engine/model/iam';
import { defineCheck, type Finding } from '../../engine/types';
import { keyVerdict } from '../ecr/customer-managed-key';
import { judgeInjectedSecrets, secretLabel, type InjectedSecret } from './injected';

const HINT = "Create a kms.Key (enableKeyRotation: true) and pass it as the secret's encryptionKey; ecs.Secret.fromSecretsManager then grants the execution role kms:Decrypt through Secrets Manager.";

/**
 * Every injected secret is encrypted with a customer managed KMS key, and every execution role
 * that fetches it can decrypt with that key when Secrets Manager asks on its behalf (kms:ViaService)
 * — identity policy or key policy, as AWS evaluates them. Without the decrypt, tasks stop before
 * the container starts (ResourceInitializationError).
 */
export const encryptedWithCmk = defineCheck({
  id: 'secrets.encrypted-with-cmk',
  title: 'Injected secrets are encrypted with a customer managed KMS key the execution role can use',
  severity: 'medium',
  why:
    'With the default aws/secretsmanager key, anyone whose IAM policy allows GetSecretValue can read the secret. A ' +
    'customer managed key is a second lock: reading also needs kms:Decrypt on that key, which its key policy controls, ' +
    'every use is logged, and a compromised secret can be cut off by disabling the key. The execution role needs the ' +
    'decrypt too, or tasks fail to start.',
  refs: {
    cdkNag: ['NIST.800.53.R5-SecretsManagerUsingKMSKey', 'HIPAA.Security-SecretsManagerUsingKMSKey'],
    soc2: ['CC6.1'],
    docs: ['https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html', 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html'],
  },
  offline({ model }) {
    return judgeInjectedSecrets(model, (s) => keyFindings(model, s));
  },
});

function keyFindings(model: StackModel, s: InjectedSecret): Finding[] {
  const label = secretLabel(model, s);
  const key = keyVerdict(model, model.resource(s.logicalId)!.raw.Properties?.KmsKeyId);
  if (key.kind === 'none') return [model.finding(s.logicalId, `${label} is encrypted with the AWS managed key aws/secretsmanager, not a customer managed key`, HINT)];
  if (key.kind === 'aws-managed') return [model.finding(s.logicalId, `${label} is encrypted with the AWS managed key ${key.name}, not a customer managed key`, HINT)];
  // A key from outside the stack: its key policy cannot be read, so the decrypt is not judged.
  if (!key.logicalId) return [];
  const iam = iamModelOf(model);
  const findings: Finding[] = [];
  for (const roleId of new Set(s.uses.map((u) => u.executionRoleId).filter((r): r is string => !!r))) {
    const role = iam.role(roleId)!;
    const context = { ...roleRequestContext(model, role), 'kms:ViaService': `secretsmanager.${model.env.region}.${model.env.urlSuffix}`, 'kms:CallerAccount': model.env.account, 'kms:EncryptionContext:SecretARN': s.arn };
    const request = { action: 'kms:Decrypt', resource: key.arn, context };
    if (simulate(role, request, { unknown: 'strict' }).allowed || simulate(role, request, { unknown: 'permissive' }).allowed) continue;
    findings.push(model.finding(roleId, `execution role ${role.name} cannot kms:Decrypt with key ${model.describe(key.logicalId)}, which encrypts ${label}: its tasks stop before the container starts`, HINT));
  }
  return findings;
}
