// The IAM checks: one file per check. They judge roles through engine/model/iam, which simulates
// requests against the real actions of the action catalogue.
import type { CheckDefinition } from '../../engine/types';
import { executionRoleMinimal } from './execution-role-minimal';
import { noAdminOrWildcardActions } from './no-admin-or-wildcard-actions';
import { policyActionsExist } from './policy-actions-exist';
import { rolesSeparated } from './roles-separated';
import { taskRoleLeastPrivilege } from './task-role-least-privilege';

export const IAM_CHECKS: CheckDefinition<any>[] = [rolesSeparated, noAdminOrWildcardActions, taskRoleLeastPrivilege, executionRoleMinimal, policyActionsExist];
