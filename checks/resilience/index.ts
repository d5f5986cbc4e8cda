import type { CheckDefinition } from '../../engine/types';
import { absorbsLoadSpike } from './absorbs-load-spike';
import { safeDeployments } from './safe-deployments';
import { survivesAzOutage } from './survives-az-outage';
import { survivesTaskLoss } from './survives-task-loss';

export const RESILIENCE_CHECKS: CheckDefinition<any>[] = [survivesAzOutage, survivesTaskLoss, absorbsLoadSpike, safeDeployments];
