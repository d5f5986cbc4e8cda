import type { CheckDefinition } from '../../engine/types';

export const IAM_CHECKS: CheckDefinition<any>[] = [];
