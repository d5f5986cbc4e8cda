// Every lab, in no particular order: the catalogue sorts by layer and `order`.
// Adding a lab: create labs/<layer>/<slug>/ (see docs/authoring-labs.md) and import it here.
import type { LabManifest } from '../engine/types';
import containerImage from './foundation/container-image/lab';
import ecrRepository from './foundation/ecr-repository/lab';
import configLogsMetrics from './foundation/config-logs-metrics/lab';
import securityGroups from './infrastructure/security-groups/lab';
import vpcEndpoints from './infrastructure/vpc-endpoints/lab';
import networkAcls from './infrastructure/network-acls/lab';
import serviceDiscovery from './infrastructure/service-discovery/lab';
import iamRoles from './security/iam-roles/lab';
import tlsTermination from './security/tls-termination/lab';
import complianceBaseline from './security/compliance-baseline/lab';
import secrets from './security/secrets/lab';
import ecsExec from './operations/ecs-exec/lab';
import monitoringAlerts from './operations/monitoring-alerts/lab';
import serviceUpdates from './operations/service-updates/lab';
import scalingPolicies from './operations/scaling-policies/lab';
import highAvailability from './scenario/high-availability/lab';
import secureInternal from './scenario/secure-internal/lab';
import publicApi from './scenario/public-api/lab';
import githubOidc from './automation/github-oidc/lab';
import deployWorkflow from './automation/deploy-workflow/lab';
import driftAndRollback from './automation/drift-and-rollback/lab';
import challengeCost from './challenge/cost/lab';
import challengeCrossAccount from './challenge/cross-account/lab';
import zeroDowntime from './challenge/zero-downtime/lab';

// One lab per line, so adding a lab touches one line.
export const LABS: LabManifest[] = [
  containerImage,
  ecrRepository,
  configLogsMetrics,
  securityGroups,
  vpcEndpoints,
  networkAcls,
  serviceDiscovery,
  iamRoles,
  tlsTermination,
  complianceBaseline,
  secrets,
  ecsExec,
  monitoringAlerts,
  serviceUpdates,
  scalingPolicies,
  highAvailability,
  secureInternal,
  publicApi,
  githubOidc,
  deployWorkflow,
  driftAndRollback,
  challengeCost,
  challengeCrossAccount,
  zeroDowntime,
];
