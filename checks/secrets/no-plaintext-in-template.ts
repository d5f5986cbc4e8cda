import type { StackModel } from '../../engine/model/model';
import { defineCheck, type Finding } from '../../engine/types';
import { isSecretName, looksLikeSecretValue } from '../docker/no-secrets-in-image';
import { SECRET } from './injected';

const HINT = 'Let Secrets Manager generate the value (generateSecretString) or set it outside the template, and inject it with `secrets`.';

/**
 * No secret value is written in the template, where everyone who can read the stack (CloudFormation
 * GetTemplate, the CDK assembly, CI artifacts) reads it: no Secrets Manager secret with a literal
 * SecretString, no SSM String parameter holding a secret, no secret-looking variable in a
 * container's or a Lambda function's plain environment. (Values in the image: docker.no-secrets-in-image.)
 */
export const noPlaintextInTemplate = defineCheck({
  id: 'secrets.no-plaintext-in-template',
  title: 'No secret value is written in the template',
  severity: 'critical',
  why:
    'A synthesized template is not a vault: it is stored by CloudFormation, readable with cloudformation:GetTemplate, ' +
    'kept in cdk.out and CI artifacts, and shown in diffs. A secret created with a literal value (SecretValue.unsafePlainText), ' +
    'a password in an SSM String parameter or in a plain environment variable is readable by all of them, and ' +
    'rotating it means changing code.',
  refs: {
    securityHub: ['ECS.8'],
    cdkNag: ['AwsSolutions-ECS2', 'AwsSolutions-SMG4'],
    soc2: ['CC6.1'],
    docs: ['https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets.html', 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html'],
  },
  offline({ model }) {
    const findings = [...secretStrings(model), ...plainParameters(model), ...containerEnvironments(model), ...lambdaEnvironments(model)];
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});

function secretStrings(model: StackModel): Finding[] {
  return model
    .ofType(SECRET)
    .filter((s) => s.raw.Properties?.SecretString !== undefined)
    .map((s) => model.finding(s.logicalId, `secret ${model.describe(s.logicalId)} is created with its value written in the template (SecretString)`, HINT));
}

function plainParameters(model: StackModel): Finding[] {
  return model
    .ofType('AWS::SSM::Parameter')
    .filter((p) => p.props.Type !== 'SecureString' && (isSecretName(String(p.props.Name ?? p.logicalId).split('/').pop() ?? '') || looksLikeSecretValue(String(p.props.Value ?? ''))))
    .map((p) => model.finding(p.logicalId, `SSM parameter ${model.describe(p.logicalId)} holds what looks like a secret as a plain String, written in the template`, 'Keep secrets in Secrets Manager (or a SecureString created outside the template) and inject them with `secrets`.'));
}

/** A variable with a secret's name and a value, or a value that looks like a credential. */
function secretVariables(vars: { name: string; value: unknown }[]): string[] {
  return vars.filter(({ name, value }) => typeof value === 'string' && value !== '' && (isSecretName(name) || looksLikeSecretValue(value))).map((v) => v.name);
}

function containerEnvironments(model: StackModel): Finding[] {
  const out: Finding[] = [];
  for (const td of model.ofType('AWS::ECS::TaskDefinition')) {
    for (const def of (td.props.ContainerDefinitions ?? []) as Record<string, any>[]) {
      const vars = ((def.Environment ?? []) as Record<string, unknown>[]).map((e) => ({ name: String(e.Name), value: e.Value }));
      for (const name of secretVariables(vars)) {
        out.push(model.finding(td.logicalId, `container ${def.Name ?? '?'} of ${model.describe(td.logicalId)} gets ${name} as a plain environment variable (value hidden), written in the task definition`, HINT));
      }
    }
  }
  return out;
}

function lambdaEnvironments(model: StackModel): Finding[] {
  const out: Finding[] = [];
  for (const fn of model.ofType('AWS::Lambda::Function')) {
    const vars = Object.entries((fn.props.Environment?.Variables ?? {}) as Record<string, unknown>).map(([name, value]) => ({ name, value }));
    for (const name of secretVariables(vars)) out.push(model.finding(fn.logicalId, `function ${model.describe(fn.logicalId)} gets ${name} as a plain environment variable (value hidden)`, HINT));
  }
  return out;
}
