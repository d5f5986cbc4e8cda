import { iamModelOf, roleRequestContext, simulate } from '../../engine/model/iam';
import type { StackModel } from '../../engine/model/model';
import { defineCheck, type Finding } from '../../engine/types';
import { blueGreenServices, type BlueGreenView } from './service';

/**
 * The stage before the release's tasks start: an expand migration there changes the schema while
 * only the running revision uses it, and every green task starts against the new schema.
 */
export const MIGRATION_STAGE = 'PRE_SCALE_UP';

/**
 * The database migration runs as a one-off task before the release starts: a lifecycle hook at
 * PRE_SCALE_UP calls a Lambda function of the stack whose role may run (ecs:RunTask) a task
 * definition other than the service's own — the migration task — and pass its roles
 * (iam:PassRole), as the IAM evaluator decides. What the template cannot show is whether the
 * migration is backwards-compatible (expand now, contract in a later release); the lab's questions
 * ask about that.
 */
export interface MigrationParams {
  /** The lab says the service's releases change a database schema (required: the template cannot tell). */
  migratesDatabase: boolean;
}

const ID = 'bluegreen.migration-before-shift';

export const migrationBeforeShift = defineCheck<MigrationParams>({
  id: ID,
  title: 'The database migration runs as a one-off task before the release starts',
  severity: 'medium',
  why:
    'A migration in the app\'s start-up runs once per task, races itself, and changes the schema while the old revision ' +
    'still serves. Run once as its own task from a PRE_SCALE_UP lifecycle hook, an expand-only migration finishes before ' +
    'any green task starts, and a failed migration fails the deployment before any traffic moves.',
  refs: {
    wellArchitected: ['REL 8: How do you implement change?'],
    docs: ['https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-lifecycle-hooks.html'],
  },
  params(raw) {
    if (typeof raw.migratesDatabase !== 'boolean') throw new Error(`${ID} needs the parameter "migratesDatabase" (true or false): whether releases change a database schema, which the template cannot tell`);
    return { migratesDatabase: raw.migratesDatabase };
  },
  offline({ model, params }) {
    if (!params.migratesDatabase) return { status: 'skip', reason: 'the lab says releases change no database schema, so there is no migration to run' };
    const services = blueGreenServices(model);
    if (services.length === 0) return { status: 'skip', reason: 'the stack has no ECS service, so no release to migrate for' };
    const findings = services.flatMap((v) => problems(model, v));
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});

function problems(model: StackModel, v: BlueGreenView): Finding[] {
  const id = v.service.logicalId;
  const hooks = v.hooks.filter((h) => h.stages.includes(MIGRATION_STAGE));
  if (hooks.length === 0) {
    return [model.finding(id, `${v.who} has no lifecycle hook at ${MIGRATION_STAGE}: no migration runs before the release's tasks start`, 'Add a migration task definition and a Lambda hook at ecs.DeploymentLifecycleStage.PRE_SCALE_UP that runs it (migrationTask.grantRun(fn)) and waits for it.')];
  }
  const ownTaskDef = model.targetOf(v.service.raw.Properties?.TaskDefinition);
  const candidates = model.ofType('AWS::ECS::TaskDefinition').filter((td) => td.logicalId !== ownTaskDef);
  const why: string[] = [];
  for (const hook of hooks) {
    const fn = hook.target ? model.resource(hook.target) : undefined;
    if (!fn || fn.type !== 'AWS::Lambda::Function') {
      why.push('its hook target is not a Lambda function of this stack, so what it runs cannot be seen');
      continue;
    }
    const roleId = model.targetOf(fn.raw.Properties?.Role);
    const role = roleId ? iamModelOf(model).role(roleId) : undefined;
    if (!role) {
      why.push(`function ${model.describe(fn.logicalId)} has no role of this stack`);
      continue;
    }
    const context = roleRequestContext(model, role);
    const can = (action: string, resource: string, extra = {}) => simulate(role, { action, resource, context: { ...context, ...extra } }).allowed;
    const runnable = candidates.filter((td) => {
      if (!can('ecs:RunTask', String(model.resolve({ Ref: td.logicalId })))) return false;
      // ECS starts the task with its roles: the caller must be allowed to pass each of them to ECS tasks.
      const roles = [td.raw.Properties?.ExecutionRoleArn, td.raw.Properties?.TaskRoleArn].filter((r) => r !== undefined).map((r) => String(model.resolve(r)));
      return roles.every((arn) => can('iam:PassRole', arn, { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' }));
    });
    if (runnable.length) return [];
    why.push(candidates.length
      ? `function ${model.describe(fn.logicalId)} may not run (ecs:RunTask and iam:PassRole of its roles) any task definition besides the service's own`
      : 'the stack has no task definition besides the service\'s own for it to run');
  }
  return [model.finding(id, `${v.who} has a ${MIGRATION_STAGE} hook, but it cannot run a migration task: ${why.join('; ')}`, 'Define the migration as its own task definition (same image, the migrate command) and grant the hook function migrationTask.grantRun(fn).')];
}
