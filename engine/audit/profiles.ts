// The check library was written for labs: a lab names the resources a check is about (its
// parameters) and keeps the check's subject in its app, so a missing subject is a failure there
// ("the stack has no ECS service any more"). An audit judges an app nobody shaped for a check.
// For each check this says when its subject is absent (the check is skipped, with the reason)
// and what parameters the app itself implies (or why none can be inferred: skipped too).
// A check not listed here runs as it is, with its default parameters.
import { imageContainers } from '../../checks/docker/image-assets';
import { iamModelOf, taskDefinitions } from '../model/iam';
import type { StackModel } from '../model/model';
import { networkOf } from '../model/network';

export interface AuditContext {
  model: StackModel;
  assemblyDir?: string;
  workspaceDir?: string;
}

export type Inferred = { params: Record<string, unknown> } | { skip: string };

export interface AuditProfile {
  /** Why the check has nothing to judge in this app, or undefined when it applies. */
  notApplicable?(ctx: AuditContext): string | undefined;
  /** The parameters this app implies, or why they cannot be told. */
  params?(ctx: AuditContext): Inferred;
}

const none = (what: string) => `the app has no ${what}`;

const needsTaskDefinition = ({ model }: AuditContext) =>
  model.ofType('AWS::ECS::TaskDefinition').length === 0 ? none('ECS task definition') : undefined;
const needsService = ({ model }: AuditContext) => (model.ofType('AWS::ECS::Service').length === 0 ? none('ECS service') : undefined);

/** The network checks about load balancer → task traffic judge services that a load balancer feeds. */
const needsServiceBehindLoadBalancer = (ctx: AuditContext) => {
  const missing = needsService(ctx);
  if (missing) return missing;
  const net = networkOf(ctx.model);
  return net.services.some((s) => net.loadBalancersInFrontOf(s).length > 0) ? undefined : 'no ECS service of the app gets traffic from a load balancer';
};

/**
 * ECS Exec off is a choice, not a defect: the exec checks judge how exec is set up, so in an
 * audit they apply only to an app with a service that turns it on.
 */
const needsExecEnabled = (ctx: AuditContext) =>
  needsService(ctx) ?? (ctx.model.ofType('AWS::ECS::Service').some((s) => s.props.EnableExecuteCommand === true) ? undefined : 'no ECS service of the app enables ECS Exec');

export const PROFILES: Readonly<Record<string, AuditProfile>> = {
  'ecs.exec-enabled': { notApplicable: needsExecEnabled },
  'ecs.exec-audited': { notApplicable: needsExecEnabled },
  'ecs.exec-ready-container': { notApplicable: needsExecEnabled },
  'ecs.exec-network-path': { notApplicable: needsExecEnabled },
  'app.verifiable-offline': { params: ({ model }) => ({ params: { services: appServices(model) } }) },
  'ecs.service-behind-listener': {
    notApplicable: (ctx) =>
      needsService(ctx) ?? (ctx.model.ofType('AWS::ElasticLoadBalancingV2::Listener').length === 0 ? 'the app has no load balancer listener for a service to sit behind' : undefined),
  },
  'ecs.container-health-check': { notApplicable: needsTaskDefinition },
  'ecs.container-log-configuration': { notApplicable: needsTaskDefinition },
  'iam.roles-separated': { notApplicable: needsTaskDefinition },
  'iam.no-admin-or-wildcard-actions': { notApplicable: needsTaskDefinition },
  'iam.policy-actions-exist': { notApplicable: needsTaskDefinition },
  'iam.task-role-least-privilege': {
    notApplicable: needsTaskDefinition,
    // "Reads the app's bucket and nothing more" is a statement of intent: which bucket the app
    // reads, and that it only reads, is the lab's to say; the app's policies cannot say it.
    params: () => ({ skip: 'it needs to be told which bucket the app only reads (a lab parameter), which an app cannot show' }),
  },
  'iam.execution-role-minimal': { notApplicable: needsTaskDefinition, params: ({ model }) => executionRoleParams(model) },
  'network.tasks-in-private-subnets': { notApplicable: needsService },
  'network.multi-az': { notApplicable: needsService },
  'network.task-ingress-from-alb-only': { notApplicable: needsServiceBehindLoadBalancer },
  'network.alb-reaches-tasks': { notApplicable: needsServiceBehindLoadBalancer },
  // A custom network ACL is a choice, not a defect: the NACL lab's guard applies only where the app has one.
  'network.task-subnets-have-nacl': { notApplicable: (ctx) => needsService(ctx) ?? (ctx.model.ofType('AWS::EC2::NetworkAcl').length === 0 ? none('custom network ACL') : undefined) },
  'endpoints.task-reaches-aws-services': { notApplicable: needsService },
  // A backend published by name is the discovery lab's guard; an app without one has nothing to discover.
  'discovery.backend-discoverable': { notApplicable: (ctx) => needsService(ctx) ?? (ctx.model.ofType('AWS::ECS::Service').some((s) => s.props.ServiceConnectConfiguration?.Services?.length || s.props.ServiceRegistries?.length) ? undefined : 'no ECS service of the app publishes a name through Service Connect or Cloud Map') },
  'network.alb-ingress-web-only': {
    notApplicable: ({ model }) =>
      networkOf(model).loadBalancers.some((lb) => lb.type === 'application' && lb.scheme === 'internet-facing') ? undefined : none('internet-facing application load balancer'),
  },
  'docker.multi-stage-slim-final': { notApplicable: needsDockerImage },
  'docker.non-root-user': { notApplicable: needsDockerImage },
  'docker.no-secrets-in-image': { notApplicable: needsDockerImage },
  'docker.dockerignore': { notApplicable: needsDockerImage },
};

/** The Docker checks judge images the app builds from a Dockerfile (staged in the assembly). */
function needsDockerImage({ model, assemblyDir, workspaceDir }: AuditContext): string | undefined {
  if (!assemblyDir) return 'a template alone holds no Docker build context (audit the CDK app or its cdk.out to judge images)';
  if (model.ofType('AWS::ECS::TaskDefinition').length === 0) return none('ECS task definition');
  // A registry image (`fromRegistry`) has no Dockerfile here to read; only images built by the app do.
  if (imageContainers(model, assemblyDir, workspaceDir).length === 0) return 'no container of the app is built from a Dockerfile it holds';
  return undefined;
}

/**
 * IAM service prefixes of the app's resource types (`AWS::ECS::Service` → ecs,
 * `AWS::ElasticLoadBalancingV2::…` → elasticloadbalancing): a custom resource whose provider may
 * call one of them may change what the checks judged.
 */
export function appServices(model: StackModel): string[] {
  const out = new Set<string>();
  for (const r of model.resources()) {
    const m = /^AWS::([A-Za-z0-9]+)::/.exec(r.type);
    if (!m || m[1] === 'CloudFormation') continue;
    out.add(SERVICE_PREFIX[m[1]] ?? m[1].toLowerCase().replace(/v2$/, ''));
  }
  return [...out].sort();
}

/** CloudFormation namespaces whose IAM prefix is not simply the namespace in lower case. */
const SERVICE_PREFIX: Record<string, string> = {
  ElasticLoadBalancingV2: 'elasticloadbalancing',
  ElasticLoadBalancing: 'elasticloadbalancing',
  ApplicationAutoScaling: 'application-autoscaling',
  AutoScaling: 'autoscaling',
  CertificateManager: 'acm',
  ServiceDiscovery: 'servicediscovery',
  EFS: 'elasticfilesystem',
  Cognito: 'cognito-idp',
  Events: 'events',
};

/**
 * The execution role needs exactly what the task definitions' containers use: the repository
 * their image comes from, the log group they log to, the secret they get injected. Inferred when
 * every task definition uses the same one of each, defined in the app.
 */
export function executionRoleParams(model: StackModel): Inferred {
  const tds = taskDefinitions(model);
  if (tds.length === 0) return { skip: none('ECS task definition') };
  const att = (id: string, name: string) => String(model.resolve({ 'Fn::GetAtt': [id, name] }));
  const ref = (id: string) => String(model.resolve({ Ref: id }));
  const repos = model.ofType('AWS::ECR::Repository').map((r) => ({ id: r.logicalId, uri: att(r.logicalId, 'RepositoryUri') }));
  const groups = model.ofType('AWS::Logs::LogGroup').map((r) => ({ id: r.logicalId, name: ref(r.logicalId) }));
  const secrets = model.ofType('AWS::SecretsManager::Secret').map((r) => ({ id: r.logicalId, arn: ref(r.logicalId) }));
  const used = (match: (c: Record<string, any>, candidate: any) => boolean, candidates: { id: string }[]) =>
    candidates.filter((cand) => tds.every((td) => td.containers.some((c) => match(c, cand))));
  const repo = used((c, r) => typeof c.Image === 'string' && (c.Image === r.uri || c.Image.startsWith(`${r.uri}:`) || c.Image.startsWith(`${r.uri}@`)), repos);
  const group = used((c, g) => c.LogConfiguration?.LogDriver === 'awslogs' && c.LogConfiguration?.Options?.['awslogs-group'] === g.name, groups);
  const secret = used((c, s) => (c.Secrets ?? []).some((x: any) => x.ValueFrom === s.arn || String(x.ValueFrom).startsWith(`${s.arn}:`)), secrets);
  const missing = [
    repo.length !== 1 && 'an ECR repository of the app',
    group.length !== 1 && 'an awslogs log group of the app',
    secret.length !== 1 && 'a Secrets Manager secret of the app',
  ].filter(Boolean);
  if (missing.length > 0) {
    return { skip: `it judges an execution role against the one repository, log group and secret every task uses; the tasks do not all use exactly one of: ${missing.join(', ')}` };
  }
  const ids: Record<string, string> = {};
  for (const [name, r, type] of [
    ['repository', repo[0], 'AWS::ECR::Repository'],
    ['logGroup', group[0], 'AWS::Logs::LogGroup'],
    ['secret', secret[0], 'AWS::SecretsManager::Secret'],
  ] as const) {
    const id = constructIdOf(model, r.id, type);
    if (!id) return { skip: `resource ${r.id} has no construct path that names it alone, and the check finds resources by construct id` };
    ids[name] = id;
  }
  // The execution role itself must be the app's for the check to judge it.
  if (tds.some((td) => td.executionRole?.logicalId === undefined || !iamModelOf(model).role(td.executionRole.logicalId))) {
    return { skip: 'a task definition has no execution role of the app to judge' };
  }
  return { params: ids };
}

/** The shortest construct-path tail that finds exactly this resource (checks take construct ids). */
function constructIdOf(model: StackModel, logicalId: string, type: string): string | undefined {
  const path = model.resource(logicalId)?.constructPath;
  if (!path) return undefined;
  const segs = path.split('/').filter((s) => s !== 'Resource');
  for (let n = 1; n < segs.length; n++) {
    const tail = segs.slice(segs.length - n).join('/');
    const found = model.findByPath(tail, type);
    if (found.length === 1 && found[0].logicalId === logicalId) return tail;
  }
  return undefined;
}
