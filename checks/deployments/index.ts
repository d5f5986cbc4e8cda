import type { CheckDefinition } from '../../engine/types';
import { alarmsWatchRelease } from './alarms-watch-release';
import { capacityDuringDeploy } from './capacity-during-deploy';
import { circuitBreakerRollback } from './circuit-breaker-rollback';

export const DEPLOYMENT_CHECKS: CheckDefinition<any>[] = [circuitBreakerRollback, capacityDuringDeploy, alarmsWatchRelease];
