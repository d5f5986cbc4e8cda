import type { CheckDefinition } from '../../engine/types';
import { albIngressWebOnly } from './alb-ingress-web-only';
import { albReachesTasks } from './alb-reaches-tasks';
import { internalOnly } from './internal-only';
import { multiAz } from './multi-az';
import { naclNoAdminPortsFromInternet } from './nacl-no-admin-ports-from-internet';
import { taskIngressFromAlbOnly } from './task-ingress-from-alb-only';
import { taskSubnetsHaveNacl } from './task-subnets-have-nacl';
import { tasksInPrivateSubnets } from './tasks-in-private-subnets';

export const NETWORK_CHECKS: CheckDefinition<any>[] = [
  tasksInPrivateSubnets,
  taskIngressFromAlbOnly,
  albIngressWebOnly,
  multiAz,
  albReachesTasks,
  taskSubnetsHaveNacl,
  naclNoAdminPortsFromInternet,
  internalOnly,
];
