import type { CheckDefinition } from '../../engine/types';
import { encryptedWithKms } from './encrypted-with-kms';
import { imagePlatformsMatchRuntime } from './image-platforms-match-runtime';
import { immutableTags } from './immutable-tags';
import { lifecycleKeepsRollback } from './lifecycle-keeps-rollback';
import { repositoryPolicyAccountOnly } from './repository-policy-account-only';
import { scanOnPush } from './scan-on-push';

export const ECR_CHECKS: CheckDefinition<any>[] = [scanOnPush, immutableTags, lifecycleKeepsRollback, encryptedWithKms, repositoryPolicyAccountOnly, imagePlatformsMatchRuntime];
