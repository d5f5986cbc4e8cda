// Tests only: a live check's context for a stack built from real CDK constructs, as if it were
// deployed — every resource gets a physical id of the shape CloudFormation gives its type — with
// SDK clients whose calls the test mocks (aws-sdk-client-mock). Never real AWS.
import { createHash } from 'node:crypto';
import type { Stack } from 'aws-cdk-lib';
import { offlineContext } from '../../testing/offline-context';
import type { CfnTemplate, LiveCheckContext, LiveResource } from '../../types';
import { createClients } from '../clients';
import type { DeployedStack } from './stack';

export const REGION = 'eu-west-1';
export const ACCOUNT = '111122223333';
export const CLUSTER = 'lab-cluster';
export const STACK = 'LiveLab';
export const STACK_ARN = `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/${STACK}/0d1e2f30-aaaa-bbbb-cccc-1234567890ab`;

const short = (id: string) => createHash('sha256').update(id).digest('hex').slice(0, 17);

/** The physical id CloudFormation hands out for a resource of this type (its `Ref`). */
export function physicalIdFor(logicalId: string, type: string): string {
  switch (type) {
    case 'AWS::ECS::Service':
      return `arn:aws:ecs:${REGION}:${ACCOUNT}:service/${CLUSTER}/${logicalId}`;
    case 'AWS::ECS::Cluster':
      return CLUSTER;
    case 'AWS::EC2::SecurityGroup':
      return `sg-${short(logicalId)}`;
    case 'AWS::ElasticLoadBalancingV2::TargetGroup':
      return `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/${logicalId.slice(0, 20)}/${short(logicalId).slice(0, 16)}`;
    case 'AWS::IAM::Role':
      return `${STACK}-${logicalId}`.slice(0, 64);
    case 'AWS::S3::Bucket':
      return `${STACK}-${logicalId}`.toLowerCase().slice(0, 63);
    case 'AWS::FIS::ExperimentTemplate':
      return `EXT${short(logicalId)}`;
    default:
      return logicalId;
  }
}

export function deployedResources(template: CfnTemplate): Map<string, LiveResource> {
  return new Map(
    Object.entries(template.Resources ?? {}).map(([logicalId, r]) => [logicalId, { logicalId, physicalId: physicalIdFor(logicalId, r.Type), type: r.Type, status: 'CREATE_COMPLETE' }]),
  );
}

export function deployedStack(template: CfnTemplate): DeployedStack {
  return { name: STACK, arn: STACK_ARN, status: 'CREATE_COMPLETE', region: REGION, account: ACCOUNT, partition: 'aws', resources: deployedResources(template) };
}

/** Clients for the test region; every call is mocked per test, so no credentials are ever looked up. */
export function testClients() {
  return createClients({ region: REGION });
}

/**
 * The template as `lab deploy` deploys it: the runner synthesizes with path metadata on
 * (engine/synth/child/synth-child.cjs), so each resource carries its `aws:cdk:path`.
 */
function withPathMetadata(template: CfnTemplate, model: LiveCheckContext['model']): CfnTemplate {
  const resources = Object.fromEntries(
    Object.entries(template.Resources ?? {}).map(([id, r]) => {
      const path = model.resource(id)?.constructPath;
      return [id, path ? { ...r, Metadata: { ...r.Metadata, 'aws:cdk:path': path } } : r];
    }),
  );
  return { ...template, Resources: resources };
}

export function liveContext<P>(stack: Stack, params: P): LiveCheckContext<P> {
  const offline = offlineContext(stack);
  const model = offline.model;
  const template = withPathMetadata(offline.template, model);
  return {
    clients: testClients(),
    stackName: STACK,
    region: REGION,
    account: ACCOUNT,
    resources: deployedResources(template),
    model,
    template,
    params,
    sleep: async () => {},
  };
}

/** The logical id of the one resource of a type whose construct path holds `fragment`. */
export function idOf(ctx: { model: LiveCheckContext['model'] }, fragment: string, type: string): string {
  const found = ctx.model.findByPath(fragment, type);
  if (found.length !== 1) throw new Error(`expected one ${type} at ${fragment}, found ${found.length}`);
  return found[0].logicalId;
}
