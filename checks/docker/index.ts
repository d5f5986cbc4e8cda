import type { CheckDefinition } from '../../engine/types';

export const DOCKER_CHECKS: CheckDefinition<any>[] = [];
