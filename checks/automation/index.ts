// The automation checks: GitHub OIDC trust and the deploy role (judged on the template), the
// deploy workflow (judged on .github/workflows through engine/model/workflow), and drift.
import type { CheckDefinition } from '../../engine/types';
import { deployRoleLeastPrivilege } from './deploy-role-least-privilege';
import { driftReconciled } from './drift-reconciled';
import { oidcTrustScoped } from './oidc-trust-scoped';
import { workflowActionsPinned } from './workflow-actions-pinned';
import { workflowCdkApproval } from './workflow-cdk-approval';
import { workflowDeployConcurrency } from './workflow-deploy-concurrency';
import { workflowFailurePath } from './workflow-failure-path';
import { workflowNoStaticKeys } from './workflow-no-static-keys';
import { workflowPermissions } from './workflow-permissions';
import { workflowProductionEnvironment } from './workflow-production-environment';
import { workflowTestsBeforeDeploy } from './workflow-tests-before-deploy';

export const AUTOMATION_CHECKS: CheckDefinition<any>[] = [
  oidcTrustScoped,
  deployRoleLeastPrivilege,
  workflowPermissions,
  workflowNoStaticKeys,
  workflowActionsPinned,
  workflowTestsBeforeDeploy,
  workflowDeployConcurrency,
  workflowProductionEnvironment,
  workflowCdkApproval,
  workflowFailurePath,
  driftReconciled,
];
