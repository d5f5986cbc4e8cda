// Checks about the app as a whole, whatever the lab is about.
import type { CheckDefinition } from '../../engine/types';
import { noDrift } from './no-drift';
import { verifiableOffline } from './verifiable-offline';

export const APP_CHECKS: CheckDefinition<any>[] = [verifiableOffline, noDrift];
