import type { CheckDefinition } from '../../engine/types';
import { serviceBehindListener } from './service-behind-listener';
import { containerHealthCheck } from './container-health-check';
import { containerLogConfiguration } from './container-log-configuration';

export const ECS_CHECKS: CheckDefinition<any>[] = [serviceBehindListener, containerHealthCheck, containerLogConfiguration];
