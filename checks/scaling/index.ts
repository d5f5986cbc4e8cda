import type { CheckDefinition } from '../../engine/types';
import { targetTracking } from './target-tracking';

export const SCALING_CHECKS: CheckDefinition<any>[] = [targetTracking];
