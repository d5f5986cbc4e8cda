import type { CheckDefinition } from '../../engine/types';
import { savingMeetsTarget } from './saving-meets-target';

export const COST_CHECKS: CheckDefinition<any>[] = [savingMeetsTarget];
