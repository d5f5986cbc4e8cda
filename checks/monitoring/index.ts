// The monitoring checks: one file per check. They read the stack's CloudWatch alarms through
// alarms.ts and judge what each watches, whom it notifies and how it treats silence.
import type { CheckDefinition } from '../../engine/types';
import { alarmDimensionsResolve } from './alarm-dimensions-resolve';
import { alarmsCoverService } from './alarms-cover-service';
import { alertsEncrypted } from './alerts-encrypted';
import { containerInsights } from './container-insights';
import { missingDataDeliberate } from './missing-data-deliberate';

export const MONITORING_CHECKS: CheckDefinition<any>[] = [containerInsights, alarmsCoverService, alarmDimensionsResolve, missingDataDeliberate, alertsEncrypted];
