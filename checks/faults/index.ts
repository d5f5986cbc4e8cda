// The fault injection checks: one file per check. They judge the stack's FIS experiment templates
// through engine/faults/experiments (guard rails, task-level prerequisites).
import type { CheckDefinition } from '../../engine/types';
import { experimentGuardRails } from './experiment-guard-rails';
import { experimentPrerequisites } from './experiment-prerequisites';

export const FAULT_CHECKS: CheckDefinition<any>[] = [experimentGuardRails, experimentPrerequisites];
