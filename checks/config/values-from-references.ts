import type { StackModel } from '../../engine/model/model';
import { defineCheck, type Finding } from '../../engine/types';
import { ancestry, finalStage, properties } from '../docker/dockerfile';
import { imageContainers, runTaskDefinitions } from '../docker/image-assets';

const ID = 'config.values-from-references';
type Source = 'ssm' | 'secretsmanager';
const SOURCES: Record<Source, string> = { ssm: 'an SSM parameter', secretsmanager: 'a Secrets Manager secret' };

interface Params {
  /** The variables the lab says come from the environment's configuration, and from where. */
  values: Record<string, Source>;
}

const HINT = "Reference the value instead of writing it: secrets: { NAME: ecs.Secret.fromSsmParameter(param) } (or fromSecretsManager(secret)), and take it out of `environment` and the Dockerfile.";

/**
 * Every value the lab names reaches the containers that use it by reference — `secrets`
 * (valueFrom) pointing at an SSM parameter or a Secrets Manager secret, as the lab says — and is
 * written nowhere else: not in the container's plain `environment`, and not by an ENV of the image
 * it runs. So one image runs in every environment, and the value changes without a rebuild.
 */
export const valuesFromReferences = defineCheck<Params>({
  id: ID,
  title: 'Environment-specific values come from SSM parameters and Secrets Manager, not the image',
  severity: 'medium',
  why:
    'An image that carries one environment\'s database host or feature flags must be rebuilt to move to the next ' +
    'environment, so what you tested is not what you ship. Values referenced with valueFrom stay out of the image and ' +
    'the task definition: each environment\'s stack points at its own parameter, the same image digest runs everywhere, ' +
    'and changing a value needs a new deployment, not a new build.',
  refs: {
    cdkNag: ['AwsSolutions-ECS2'],
    wellArchitected: ['OPS05-BP01 Use version control', 'REL08-BP04 Deploy using immutable infrastructure'],
    docs: [
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-ssm-paramstore.html',
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html',
    ],
  },
  params(raw) {
    const values = raw.values;
    if (!values || typeof values !== 'object' || Array.isArray(values) || Object.keys(values).length === 0) {
      throw new Error(`${ID} needs "values": { VARIABLE: "ssm" | "secretsmanager" }`);
    }
    for (const [k, v] of Object.entries(values)) if (v !== 'ssm' && v !== 'secretsmanager') throw new Error(`${ID}: values.${k} must be "ssm" or "secretsmanager", got ${JSON.stringify(v)}`);
    for (const k of Object.keys(raw)) if (k !== 'values') throw new Error(`${ID} takes only "values", not "${k}"`);
    return { values: values as Record<string, Source> };
  },
  offline({ model, params, assemblyDir, workspaceDir }) {
    const findings: Finding[] = [];
    const seen = new Set<string>();
    for (const td of runTaskDefinitions(model)) {
      for (const def of (td.props.ContainerDefinitions ?? []) as Record<string, any>[]) {
        const who = `container ${def.Name ?? '?'} of ${model.describe(td.logicalId)}`;
        const secrets = new Map(((def.Secrets ?? []) as Record<string, any>[]).map((s) => [String(s.Name), String(s.ValueFrom)]));
        const env = new Set(((def.Environment ?? []) as Record<string, any>[]).map((e) => String(e.Name)));
        for (const [name, source] of Object.entries(params.values)) {
          if (env.has(name)) findings.push(model.finding(td.logicalId, `${who} gets ${name} as a plain value written in the task definition, not from ${SOURCES[source]}`, HINT));
          const from = secrets.get(name);
          if (from === undefined) continue;
          seen.add(name);
          if (sourceOf(from) !== source) findings.push(model.finding(td.logicalId, `${who} gets ${name} from ${from}, which is not ${SOURCES[source]}`, HINT));
        }
      }
    }
    const firstTask = runTaskDefinitions(model)[0]?.logicalId;
    for (const name of Object.keys(params.values)) {
      if (!seen.has(name)) findings.push(model.finding(firstTask, `no container the stack runs gets ${name} by reference (secrets/valueFrom) from ${SOURCES[params.values[name]]}`, HINT));
    }
    if (assemblyDir) findings.push(...bakedIntoImage(model, assemblyDir, workspaceDir, Object.keys(params.values)));
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});

/** Which service a valueFrom names: an SSM parameter ARN or name, or a Secrets Manager secret ARN. */
export function sourceOf(valueFrom: string): Source | 'other' {
  if (/^arn:[^:]+:secretsmanager:/.test(valueFrom)) return 'secretsmanager';
  if (/^arn:[^:]+:ssm:[^:]*:[^:]*:parameter\//.test(valueFrom)) return 'ssm';
  // A parameter of the same Region may be named without an ARN.
  if (!valueFrom.startsWith('arn:')) return 'ssm';
  return 'other';
}

/** ENV instructions of the shipped stages that set one of the named values. */
function bakedIntoImage(model: StackModel, assemblyDir: string, workspaceDir: string | undefined, names: string[]): Finding[] {
  const out: Finding[] = [];
  for (const c of imageContainers(model, assemblyDir, workspaceDir)) {
    const final = finalStage(c.dockerfile, c.image.target);
    if (!final) continue;
    for (const stage of ancestry(c.dockerfile, final)) {
      for (const ins of stage.instructions.filter((i) => i.keyword === 'ENV')) {
        for (const [name] of properties(ins.node)) {
          if (!names.includes(name)) continue;
          const finding = model.finding(c.taskDefinitionId, `${c.dockerfileLabel}:${ins.line}: ENV ${name} bakes an environment's value into the image`, HINT);
          out.push(c.workspaceDockerfile ? { ...finding, location: { file: c.workspaceDockerfile, line: ins.line, column: 1 } } : finding);
        }
      }
    }
  }
  return out;
}
