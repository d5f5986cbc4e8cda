import type { CheckDefinition } from '../../engine/types';
import { backendDiscoverable } from './backend-discoverable';
import { backendIngressFromCallersOnly } from './backend-ingress-from-callers-only';
import { frontendReachesBackend } from './frontend-reaches-backend';

export const DISCOVERY_CHECKS: CheckDefinition<any>[] = [backendDiscoverable, frontendReachesBackend, backendIngressFromCallersOnly];
