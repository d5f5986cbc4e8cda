// The check library: one folder per domain, one file per check. Each domain's index lists its checks.
import type { CheckDefinition } from '../engine/types';
import { API_CHECKS } from './api';
import { APP_CHECKS } from './app';
import { AUTOMATION_CHECKS } from './automation';
import { BLUEGREEN_CHECKS } from './bluegreen';
import { CONFIG_CHECKS } from './config';
import { DEPLOYMENT_CHECKS } from './deployments';
import { DISCOVERY_CHECKS } from './discovery';
import { DOCKER_CHECKS } from './docker';
import { ECR_CHECKS } from './ecr';
import { ENDPOINT_CHECKS } from './endpoints';
import { ECS_CHECKS } from './ecs';
import { FAULT_CHECKS } from './faults';
import { IAM_CHECKS } from './iam';
import { MONITORING_CHECKS } from './monitoring';
import { NETWORK_CHECKS } from './network';
import { RESILIENCE_CHECKS } from './resilience';
import { SCALING_CHECKS } from './scaling';
import { TLS_CHECKS } from './tls';
import { COMPLIANCE_CHECKS } from './compliance';
import { SECRETS_CHECKS } from './secrets';
import { COST_CHECKS } from './cost';
import { CROSS_ACCOUNT_CHECKS } from './crossaccount';

// One domain per line, so adding a domain touches one line.
export const ALL_CHECKS: CheckDefinition<any>[] = [
  ...APP_CHECKS,
  ...ECS_CHECKS,
  ...IAM_CHECKS,
  ...NETWORK_CHECKS,
  ...DOCKER_CHECKS,
  ...RESILIENCE_CHECKS,
  ...FAULT_CHECKS,
  ...MONITORING_CHECKS,
  ...DEPLOYMENT_CHECKS,
  ...SCALING_CHECKS,
  ...AUTOMATION_CHECKS,
  ...TLS_CHECKS,
  ...COMPLIANCE_CHECKS,
  ...ECR_CHECKS,
  ...SECRETS_CHECKS,
  ...CONFIG_CHECKS,
  ...ENDPOINT_CHECKS,
  ...DISCOVERY_CHECKS,
  ...COST_CHECKS,
  ...CROSS_ACCOUNT_CHECKS,
  ...API_CHECKS,
  ...BLUEGREEN_CHECKS,
];
