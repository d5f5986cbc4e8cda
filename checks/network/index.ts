import type { CheckDefinition } from '../../engine/types';

export const NETWORK_CHECKS: CheckDefinition<any>[] = [];
