import type { CheckDefinition } from '../../engine/types';
import { serviceBehindListener } from './service-behind-listener';
import { containerHealthCheck } from './container-health-check';
import { containerLogConfiguration } from './container-log-configuration';
import { execAudited } from './exec-audited';
import { execEnabled } from './exec-enabled';
import { execNetworkPath } from './exec-network-path';
import { execReadyContainer } from './exec-ready-container';

export const ECS_CHECKS: CheckDefinition<any>[] = [serviceBehindListener, containerHealthCheck, containerLogConfiguration, execEnabled, execAudited, execReadyContainer, execNetworkPath];
