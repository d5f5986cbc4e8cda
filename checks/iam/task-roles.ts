// Finding the task definition's roles and the resources a check is about, with the finding to
// report when one is missing — shared by the IAM checks.
import type { ModelResource, StackModel } from '../../engine/model/model';
import { iamModelOf, taskDefinitions, type RoleView, type TaskDefinitionView } from '../../engine/model/iam';
import type { Finding } from '../../engine/types';

export type Found<T> = { ok: T } | { finding: Finding };

export function taskDefinitionsOf(model: StackModel): Found<TaskDefinitionView[]> {
  const tds = taskDefinitions(model);
  if (tds.length) return { ok: tds };
  return { finding: { message: 'the stack has no ECS task definition any more', hint: 'Put the task definition back: the lab is about the roles it runs with.' } };
}

export type RoleKind = 'task' | 'execution';

/** `task role TaskRole`; a role serving as both says so. */
export function roleLabel(model: StackModel, td: TaskDefinitionView, logicalId: string): string {
  const kinds = [td.taskRole?.logicalId === logicalId && 'task', td.executionRole?.logicalId === logicalId && 'execution'].filter(Boolean);
  return `${kinds.join(' and ') || 'the'} role ${model.describe(logicalId)}`;
}

/** The task or execution role of a task definition, when it is a role of this stack. */
export function roleOfTask(model: StackModel, td: TaskDefinitionView, kind: RoleKind): Found<RoleView> {
  const ref = kind === 'task' ? td.taskRole : td.executionRole;
  const prop = kind === 'task' ? 'taskRole' : 'executionRole';
  const what = `task definition ${model.describe(td.logicalId)}`;
  if (!ref) {
    return {
      finding: model.finding(
        td.logicalId,
        `${what} has no ${kind} role`,
        kind === 'task'
          ? `Give it a task role of its own (\`${prop}\`) with only what the app calls.`
          : `Give it an execution role (\`${prop}\`) that can pull the image, write the logs and read the injected secret.`,
      ),
    };
  }
  if (!ref.logicalId) {
    return {
      finding: model.finding(td.logicalId, `${what} uses the ${kind} role ${ref.value}, which is defined outside this stack, so its permissions cannot be checked`, `Define the ${kind} role in this stack.`),
    };
  }
  return { ok: iamModelOf(model).role(ref.logicalId)! };
}

/**
 * Every task and execution role of the task definitions, each role of the stack once (with the
 * first task definition and kind that use it), and each missing or foreign role as its finding.
 */
export function* rolesOfTasks(model: StackModel, tds: TaskDefinitionView[]): Generator<{ td: TaskDefinitionView; kind: RoleKind; role: Found<RoleView> }> {
  const seen = new Set<string>();
  for (const td of tds) {
    for (const kind of ['task', 'execution'] as const) {
      const role = roleOfTask(model, td, kind);
      if ('ok' in role) {
        if (seen.has(role.ok.logicalId)) continue;
        seen.add(role.ok.logicalId);
      }
      yield { td, kind, role };
    }
  }
}

/** The one resource of a type under a construct id, or the finding that it is gone. */
export function resourceById(model: StackModel, constructId: string, type: string, what: string, hint: string): Found<ModelResource> {
  const found = model.findByPath(constructId, type);
  if (found.length === 1) return { ok: found[0] };
  if (found.length === 0) return { finding: { message: `the stack has no ${what} with the construct id "${constructId}" any more`, hint } };
  throw new Error(`the construct id "${constructId}" names ${found.length} resources of type ${type}; give the check a longer path (Parent/${constructId})`);
}
