import type { CheckDefinition } from '../../engine/types';
import { trustAndSharing } from './trust-and-sharing';

export const CROSS_ACCOUNT_CHECKS: CheckDefinition<any>[] = [trustAndSharing];
