import type { CheckDefinition } from '../../engine/types';
import { connectionDraining } from './connection-draining';
import { migrationBeforeShift } from './migration-before-shift';
import { releaseReplay } from './release-replay';
import { stickySessions } from './sticky-sessions';
import { strategyWithBakeTime } from './strategy-with-bake-time';
import { testTrafficValidated } from './test-traffic-validated';

export const BLUEGREEN_CHECKS: CheckDefinition<any>[] = [strategyWithBakeTime, testTrafficValidated, migrationBeforeShift, connectionDraining, stickySessions, releaseReplay];
