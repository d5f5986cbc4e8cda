import type { CheckDefinition } from '../../engine/types';
import { alarmsWatchRelease } from './alarms-watch-release';
import { capacityDuringDeploy } from './capacity-during-deploy';
import { circuitBreakerRollback } from './circuit-breaker-rollback';
import { healthCheckGracePeriod } from './health-check-grace-period';

export const DEPLOYMENT_CHECKS: CheckDefinition<any>[] = [circuitBreakerRollback, capacityDuringDeploy, healthCheckGracePeriod, alarmsWatchRelease];
