import type { CheckDefinition } from '../../engine/types';
import { dockerignore } from './dockerignore';
import { multiStageSlimFinal } from './multi-stage-slim-final';
import { noSecretsInImage } from './no-secrets-in-image';
import { nonRootUser } from './non-root-user';

export const DOCKER_CHECKS: CheckDefinition<any>[] = [multiStageSlimFinal, nonRootUser, noSecretsInImage, dockerignore];
