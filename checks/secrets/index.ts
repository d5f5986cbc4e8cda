import type { CheckDefinition } from '../../engine/types';
import { encryptedWithCmk } from './encrypted-with-cmk';
import { noPlaintextInTemplate } from './no-plaintext-in-template';
import { readOnlyByExecutionRole } from './read-only-by-execution-role';
import { rotationEnabled } from './rotation-enabled';

export const SECRETS_CHECKS: CheckDefinition<any>[] = [rotationEnabled, encryptedWithCmk, readOnlyByExecutionRole, noPlaintextInTemplate];
