// The two roles of every ECS task definition. The execution role is what the ECS agent uses to
// start the task (pull the image, create log streams, fetch injected secrets); the task role is
// the application's own identity.
import type { StackModel } from '../model';
import { iamModelOf } from './roles';

export interface RoleRef {
  /** The role in this stack; undefined when it was imported from outside (`Role.fromRoleArn`). */
  logicalId?: string;
  /** The resolved ARN, for messages. */
  value: string;
}

export interface TaskDefinitionView {
  logicalId: string;
  taskRole?: RoleRef;
  executionRole?: RoleRef;
  /** ContainerDefinitions with every intrinsic resolved. */
  containers: Record<string, any>[];
}

function roleRef(model: StackModel, raw: unknown): RoleRef | undefined {
  if (raw === undefined) return undefined;
  return { logicalId: iamModelOf(model).roleIdOf(raw), value: String(model.resolve(raw)) };
}

export function taskDefinitions(model: StackModel): TaskDefinitionView[] {
  return model.ofType('AWS::ECS::TaskDefinition').map((td) => ({
    logicalId: td.logicalId,
    taskRole: roleRef(model, td.raw.Properties?.TaskRoleArn),
    executionRole: roleRef(model, td.raw.Properties?.ExecutionRoleArn),
    containers: (td.props.ContainerDefinitions ?? []) as Record<string, any>[],
  }));
}
