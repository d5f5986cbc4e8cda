import type { CheckDefinition } from '../../engine/types';
import { endpointIngressFromTasksOnly } from './endpoint-ingress-from-tasks-only';
import { taskReachesAwsServices } from './task-reaches-aws-services';

export const ENDPOINT_CHECKS: CheckDefinition<any>[] = [taskReachesAwsServices, endpointIngressFromTasksOnly];
