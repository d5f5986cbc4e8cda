// The Secrets Manager secrets a stack injects into containers (`secrets` → `valueFrom`), each with
// the task definitions and execution roles that fetch it. These are the secrets the secrets
// checks judge: a secret nothing injects is not what an ECS lab is about.
import type { StackModel } from '../../engine/model/model';
import { iamModelOf, referencedId } from '../../engine/model/iam';
import type { CheckOutcome, Finding } from '../../engine/types';
import { runTaskDefinitions } from '../docker/image-assets';

export const SECRET = 'AWS::SecretsManager::Secret';

export interface InjectedSecret {
  logicalId: string;
  /** The secret's ARN (its Ref). */
  arn: string;
  /** `DB_PASSWORD in container web of TaskDef`, for each place it is injected. */
  uses: { taskDefinitionId: string; container: string; variable: string; executionRoleId?: string }[];
}

/** The secret of the stack a `valueFrom` names: its ARN, or its ARN with `:json-key:version-stage:version-id`. */
function secretOf(model: StackModel, raw: unknown): string | undefined {
  const direct = referencedId(model, raw, SECRET);
  if (direct) return direct;
  const value = model.resolve(raw);
  if (typeof value !== 'string') return undefined;
  return model.ofType(SECRET).find((s) => value.startsWith(`${String(model.resolve({ Ref: s.logicalId }))}:`))?.logicalId;
}

export function injectedSecrets(model: StackModel): InjectedSecret[] {
  const byId = new Map<string, InjectedSecret>();
  const iam = iamModelOf(model);
  for (const td of runTaskDefinitions(model)) {
    const executionRoleId = iam.roleIdOf(td.raw.Properties?.ExecutionRoleArn);
    const raws = (td.raw.Properties?.ContainerDefinitions ?? []) as Record<string, any>[];
    for (const def of raws) {
      for (const s of (def.Secrets ?? []) as Record<string, any>[]) {
        const id = secretOf(model, s.ValueFrom);
        if (!id) continue;
        const entry = byId.get(id) ?? { logicalId: id, arn: String(model.resolve({ Ref: id })), uses: [] };
        entry.uses.push({ taskDefinitionId: td.logicalId, container: String(model.resolve(def.Name) ?? '?'), variable: String(model.resolve(s.Name)), executionRoleId });
        byId.set(id, entry);
      }
    }
  }
  return [...byId.values()];
}

/** Runs a judgement over every injected secret; none is a skip. */
export function judgeInjectedSecrets(model: StackModel, judge: (s: InjectedSecret) => Finding[]): CheckOutcome {
  const secrets = injectedSecrets(model);
  if (secrets.length === 0) return { status: 'skip', reason: 'no container of the stack gets a Secrets Manager secret of the stack through `secrets` (valueFrom)' };
  const findings = secrets.flatMap(judge);
  return findings.length ? { status: 'fail', findings } : { status: 'pass' };
}

export function secretLabel(model: StackModel, s: InjectedSecret): string {
  const vars = [...new Set(s.uses.map((u) => u.variable))].join(', ');
  return `secret ${model.describe(s.logicalId)} (injected as ${vars})`;
}
