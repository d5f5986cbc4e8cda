// The ECS services of a stack as the ECS Exec checks see them: the task definition they run (with
// its two roles), the cluster they run in, whether exec is switched on and whether they run on
// Fargate — shared by checks/ecs/exec-*.ts.
import type { ModelResource, StackModel } from '../../engine/model/model';
import { taskDefinitions, type TaskDefinitionView } from '../../engine/model/iam';

export interface ExecService {
  logicalId: string;
  resource: ModelResource;
  /** The task definition, when it is defined in this stack. */
  taskDefinition?: TaskDefinitionView;
  /** The cluster's logical id, when it is defined in this stack. */
  clusterId?: string;
  /** The service's EnableExecuteCommand: the tasks it starts get the SSM agent. */
  execEnabled: boolean;
  /** Launch type FARGATE, or a Fargate capacity provider in its strategy. */
  fargate: boolean;
}

const FARGATE_PROVIDERS = ['FARGATE', 'FARGATE_SPOT'];

export function execServices(model: StackModel): ExecService[] {
  const tds = taskDefinitions(model);
  return model.ofType('AWS::ECS::Service').map((svc) => {
    const tdId = model.targetOf(svc.raw.Properties?.TaskDefinition);
    const strategy = (svc.props.CapacityProviderStrategy ?? []) as { CapacityProvider?: unknown }[];
    return {
      logicalId: svc.logicalId,
      resource: svc,
      taskDefinition: tds.find((td) => td.logicalId === tdId),
      clusterId: model.targetOf(svc.raw.Properties?.Cluster),
      execEnabled: svc.props.EnableExecuteCommand === true || svc.props.EnableExecuteCommand === 'true',
      fargate: svc.props.LaunchType === 'FARGATE' || strategy.some((s) => FARGATE_PROVIDERS.includes(String(s.CapacityProvider))),
    };
  });
}

/** The skip every exec check gives when the stack has no service (the guard check fails then). */
export const NO_SERVICE = { status: 'skip' as const, reason: 'the stack has no ECS service, so there is no task to exec into' };
