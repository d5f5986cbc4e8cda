import type { CheckDefinition } from '../../engine/types';
import { emfMetricsAlarmed } from './emf-metrics-alarmed';
import { logRetentionEncrypted } from './log-retention-encrypted';
import { valuesFromReferences } from './values-from-references';

export const CONFIG_CHECKS: CheckDefinition<any>[] = [valuesFromReferences, logRetentionEncrypted, emfMetricsAlarmed];
