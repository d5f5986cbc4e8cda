import type { CheckDefinition } from '../../engine/types';
import { serviceBehindListener } from './service-behind-listener';

export const ECS_CHECKS: CheckDefinition<any>[] = [serviceBehindListener];
