// The `aws:ecs:task` target every ECS experiment uses: the service's running tasks, found by the
// lab tag and narrowed to the service by FIS's `cluster` and `service` target parameters.
import * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as fis from 'aws-cdk-lib/aws-fis';
import { LAB_TAG_KEY } from './guard-rails';

/** FIS resource type of an ECS task (FIS user guide, "Resource types"). */
export const ECS_TASK = 'aws:ecs:task';

export function ecsTaskTarget(
  labId: string,
  service: ecs.BaseService,
  selectionMode: string,
  filters?: fis.CfnExperimentTemplate.ExperimentTemplateTargetFilterProperty[],
): fis.CfnExperimentTemplate.ExperimentTemplateTargetProperty {
  return {
    resourceType: ECS_TASK,
    resourceTags: { [LAB_TAG_KEY]: labId },
    parameters: { cluster: service.cluster.clusterName, service: service.serviceName },
    filters,
    selectionMode,
  };
}
