import type { CheckDefinition } from '../../engine/types';

export const DISCOVERY_CHECKS: CheckDefinition<any>[] = [];
