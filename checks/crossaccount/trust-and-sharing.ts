import { evaluate } from '../../engine/model/iam/evaluate';
import { evaluateCrossAccount, inAccount, principalContext, statementsFor, type CrossAccountDecision, type Principal } from '../../engine/model/iam/cross-account';
import { parseDocument, type EvaluablePolicy } from '../../engine/model/iam/policy';
import { iamModelOf, type RoleView } from '../../engine/model/iam/roles';
import type { RequestContext } from '../../engine/model/iam/conditions';
import type { ModelResource, StackModel } from '../../engine/model/model';
import { defineCheck, type Finding } from '../../engine/types';

export interface AccountRef {
  /** The stack that is deployed into this account. */
  stack: string;
  account: string;
}

export interface TrustAndSharingParams {
  tooling: AccountRef;
  workload: AccountRef;
  /** The AWS Organizations id both accounts belong to. */
  organizationId: string;
  /** Construct id of the pipeline role (tooling) and the deploy role (workload). */
  pipelineRole: string;
  deployRole: string;
  /** The external id the pipeline passes, when the trust uses one instead of the org id. */
  externalId?: string;
}

const ID = 'crossaccount.trust-and-sharing';
/** A role name no one uses: stands for "any other role of the tooling account". */
const OTHER_ROLE = 'ecs-lab-any-other-role';
/** An account outside the organization. */
const OUTSIDER = '999999999999';
const OUTSIDE_ORG = 'o-outsider000';
/** What an image pull reads from a repository (ECR user guide, repository policy examples). */
const PULL_ACTIONS = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];
/** What cross-account observability must share at least: metrics and logs. */
const SHARED_TELEMETRY = ['AWS::CloudWatch::Metric', 'AWS::Logs::LogGroup'];

type Ctx = { model: StackModel; params: TrustAndSharingParams };

/**
 * A tooling account and a workload account, judged as AWS judges requests between them (identity
 * policy in the caller's account AND resource or trust policy in the other, engine/model/iam/cross-account.ts):
 * only the pipeline role may assume the deploy role, and only from inside the organization (or with
 * the external id); the deploy role has a permissions boundary it can neither drop nor leave off a
 * role it creates; the workload's tasks pull their image from the tooling account's repository,
 * which no one outside the organization may read; and the workload links its metrics and logs to
 * an OAM sink in the tooling account that accepts only the organization.
 */
export const trustAndSharing = defineCheck<TrustAndSharingParams>({
  id: ID,
  title: 'Cross-account access is granted on both sides, to the right principal only, inside a boundary',
  severity: 'high',
  why:
    'Across accounts a request needs two yeses: the caller\'s own policy and the other account\'s trust or resource policy. ' +
    'A trust that names a whole account, or any principal, lets every role there in; a deploy role that can create roles ' +
    'without its boundary can make itself an administrator. Shared images and telemetry need the same care in the other direction.',
  refs: {
    wellArchitected: ['SEC 3: How do you manage permissions for people and machines?'],
    docs: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-oam-sink.html',
    ],
  },
  params(raw) {
    const account = (k: string): AccountRef => {
      const v = raw[k] as Record<string, unknown> | undefined;
      if (!v || typeof v.stack !== 'string' || typeof v.account !== 'string' || !/^\d{12}$/.test(v.account)) throw new Error(`${ID}: ${k} must be { stack: the stack's name, account: a 12-digit account id }`);
      return { stack: v.stack, account: v.account };
    };
    const str = (k: string) => {
      if (typeof raw[k] !== 'string' || raw[k] === '') throw new Error(`${ID}: ${k} must be a non-empty string`);
      return raw[k] as string;
    };
    return { tooling: account('tooling'), workload: account('workload'), organizationId: str('organizationId'), pipelineRole: str('pipelineRole'), deployRole: str('deployRole'), externalId: raw.externalId as string | undefined };
  },
  offline({ model, params }) {
    const ctx = { model, params };
    const missing = [params.tooling, params.workload].filter((a) => !model.resources().some((r) => r.stack === a.stack));
    if (missing.length) {
      return { status: 'fail', findings: missing.map((a) => ({ message: `the app has no stack ${a.stack} for account ${a.account}: the lab needs both accounts' stacks in one app`, hint: `Create the stack with new Stack(app, '${a.stack}', { env: { account: '${a.account}', region } }).` })) };
    }
    const pipeline = roleIn(ctx, params.tooling, params.pipelineRole);
    const deploy = roleIn(ctx, params.workload, params.deployRole);
    const findings: Finding[] = [];
    if (!pipeline) findings.push(model.finding(anchorIn(model, params.tooling.stack), `stack ${params.tooling.stack} has no role ${params.pipelineRole} (the pipeline role)`, `Define it as new iam.Role(this, '${params.pipelineRole}', …).`));
    if (!deploy) findings.push(model.finding(anchorIn(model, params.workload.stack), `stack ${params.workload.stack} has no role ${params.deployRole} (the deploy role)`, `Define it as new iam.Role(this, '${params.deployRole}', …).`));
    if (pipeline && deploy) findings.push(...trustFindings(ctx, pipeline, deploy));
    if (deploy) findings.push(...boundaryFindings(ctx, deploy));
    findings.push(...pullFindings(ctx), ...telemetryFindings(ctx));
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});

/** A role of the stack in its account's terms: ARNs and policies with the account filled in. */
interface AccountRole {
  view: RoleView;
  principal: Principal;
  identity: EvaluablePolicy[];
  boundary?: EvaluablePolicy;
  trust: EvaluablePolicy;
}

function localRole(ctx: Ctx, view: RoleView, account: string): AccountRole {
  const local = <T>(v: T) => inAccount(v, ctx.model.env.account, account);
  return {
    view,
    principal: { arn: local(view.arn), account },
    identity: local(view.policies.map((p) => ({ name: p.name, statements: p.statements }))),
    boundary: view.boundary ? local({ name: view.boundary.name, statements: view.boundary.statements }) : undefined,
    trust: local({ name: `trust policy of ${view.name}`, statements: view.trust }),
  };
}

function roleIn(ctx: Ctx, ref: AccountRef, constructId: string): AccountRole | undefined {
  const iam = iamModelOf(ctx.model);
  // By construct path; else by CDK's logical id of a top-level construct (id + 8 hex digits).
  const ownId = new RegExp(`(^|/)${constructId}[0-9A-F]{8}$`);
  const inStack = ctx.model.ofType('AWS::IAM::Role').filter((x) => x.stack === ref.stack);
  const r = inStack.find((x) => ctx.model.findByPath(constructId).includes(x)) ?? inStack.find((x) => ownId.test(x.logicalId));
  const view = r && iam.role(r.logicalId);
  return view ? localRole(ctx, view, ref.account) : undefined;
}

const sideText = (d: CrossAccountDecision, caller: string, other: string): string =>
  d.deniedBy === 'identity' ? `${caller}'s own policies do not allow it` : d.deniedBy === 'boundary' ? `${caller}'s permissions boundary does not allow it` : `${other} does not allow it`;

function trustFindings(ctx: Ctx, pipeline: AccountRole, deploy: AccountRole): Finding[] {
  const { model, params } = ctx;
  const findings: Finding[] = [];
  const id = deploy.view.logicalId;
  const withProof: RequestContext = { 'aws:PrincipalOrgID': params.organizationId, ...(params.externalId ? { 'sts:ExternalId': params.externalId } : {}) };
  const assume = (who: Principal, identity: EvaluablePolicy[], context: RequestContext) =>
    evaluateCrossAccount({
      principal: who,
      identity,
      resourceAccount: params.workload.account,
      resourcePolicies: [deploy.trust],
      request: { action: 'sts:AssumeRole', resource: deploy.principal.arn, context: principalContext(who, context), contextComplete: true },
    });
  const ok = assume(pipeline.principal, pipeline.identity, withProof);
  if (!ok.allowed) {
    findings.push(model.finding(ok.deniedBy === 'resource' ? id : pipeline.view.logicalId, `the pipeline role cannot assume deploy role ${deploy.principal.arn}: ${sideText(ok, 'the pipeline role', 'the deploy role\'s trust policy')} — across accounts both must`, ok.deniedBy === 'resource' ? `Trust the pipeline role's ARN (${pipeline.principal.arn}) with sts:AssumeRole.` : `Allow sts:AssumeRole on ${deploy.principal.arn} in the pipeline role's policy.`));
  }
  // Any other role of the tooling account, even one allowed everything by its own policies.
  const other: Principal = { arn: `arn:aws:iam::${params.tooling.account}:role/${OTHER_ROLE}`, account: params.tooling.account };
  const everything = [{ name: 'admin', statements: parseDocument({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) }];
  if (assume(other, everything, withProof).allowed) {
    findings.push(model.finding(id, `the trust policy of the deploy role lets any role of account ${params.tooling.account} assume it, not only the pipeline role (it names the account or a wildcard)`, `Name the pipeline role's ARN as the principal, not the account root.`));
  }
  if (ok.allowed && assume(pipeline.principal, pipeline.identity, { 'aws:PrincipalOrgID': OUTSIDE_ORG }).allowed) {
    findings.push(model.finding(id, `the trust policy of the deploy role does not check where the caller comes from: no aws:PrincipalOrgID (or sts:ExternalId) condition`, `Add Condition StringEquals aws:PrincipalOrgID = ${params.organizationId} to the trust (or an sts:ExternalId for a third party).`));
  }
  return findings;
}

function boundaryFindings(ctx: Ctx, deploy: AccountRole): Finding[] {
  const { model, params } = ctx;
  const id = deploy.view.logicalId;
  if (!deploy.boundary) {
    return [model.finding(id, `deploy role ${deploy.principal.arn} has no permissions boundary${deploy.view.unknown.some((u) => u.attachedAs === 'boundary') ? ' the lab can read' : ''}: whatever it may do, it may hand on`, 'Give it a boundary: iam.PermissionsBoundary.of(deployRole).apply(boundaryPolicy), with a managed policy in the workload stack.')];
  }
  const boundaryArn = inAccount(String(model.resolve(model.resource(id)!.raw.Properties?.PermissionsBoundary)), model.env.account, params.workload.account);
  const same = (action: string, resource: string, context: RequestContext) =>
    evaluateCrossAccount({
      principal: deploy.principal,
      identity: deploy.identity,
      boundary: deploy.boundary,
      resourceAccount: params.workload.account,
      resourcePolicies: [],
      request: { action, resource, context: principalContext(deploy.principal, context), contextComplete: true },
    });
  const newRole = `arn:aws:iam::${params.workload.account}:role/ecs-lab-new-role`;
  const findings: Finding[] = [];
  if (same('iam:CreateRole', newRole, {}).allowed) {
    findings.push(model.finding(id, `deploy role can create a role without a permissions boundary, and give that role more than its own boundary allows`, `Allow iam:CreateRole only with Condition StringEquals iam:PermissionsBoundary = ${boundaryArn}.`));
  }
  if (!same('iam:CreateRole', newRole, { 'iam:PermissionsBoundary': boundaryArn }).allowed) {
    findings.push(model.finding(id, `deploy role cannot create roles even with the boundary attached: the workload's task roles could not be deployed`, `Allow iam:CreateRole (and iam:PutRolePolicy, iam:AttachRolePolicy) on the workload's roles when iam:PermissionsBoundary = ${boundaryArn}.`));
  }
  const escapes: [string, string, RequestContext][] = [
    ['iam:DeleteRolePermissionsBoundary', deploy.principal.arn, {}],
    ['iam:PutRolePermissionsBoundary', deploy.principal.arn, { 'iam:PermissionsBoundary': `arn:aws:iam::${params.workload.account}:policy/ecs-lab-wider` }],
    ['iam:CreatePolicyVersion', boundaryArn, {}],
  ];
  for (const [action, resource, context] of escapes) {
    if (same(action, resource, context).allowed) {
      findings.push(model.finding(id, `deploy role may call ${action} on ${resource}: it can escape its own boundary`, `Deny ${action} on the deploy role and on the boundary policy (a Deny statement in the role's policy and in the boundary).`));
    }
  }
  return findings;
}

/** `111111111111.dkr.ecr.us-east-1.amazonaws.com/app:tag` → account, region, repository name. */
function ecrImage(image: string): { account: string; region: string; name: string } | undefined {
  const m = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.[^/]+\/([^:@]+)/.exec(image);
  return m ? { account: m[1], region: m[2], name: m[3] } : undefined;
}

function pullFindings(ctx: Ctx): Finding[] {
  const { model, params } = ctx;
  const iam = iamModelOf(model);
  const findings: Finding[] = [];
  let pulls = 0;
  for (const td of model.ofType('AWS::ECS::TaskDefinition').filter((t) => t.stack === params.workload.stack)) {
    const execId = iam.roleIdOf(td.raw.Properties?.ExecutionRoleArn);
    for (const c of (td.props.ContainerDefinitions ?? []) as { Image?: unknown }[]) {
      const image = ecrImage(String(c.Image));
      if (!image || image.account !== params.tooling.account) continue;
      pulls++;
      const repoArn = `arn:aws:ecr:${image.region}:${image.account}:repository/${image.name}`;
      const repo = model.ofType('AWS::ECR::Repository').find((r) => r.stack === params.tooling.stack && r.props.RepositoryName === image.name);
      if (!repo) {
        findings.push(model.finding(td.logicalId, `task definition ${model.describe(td.logicalId)} pulls ${image.name} from account ${image.account}, but stack ${params.tooling.stack} defines no repository of that name`, `Define the repository in the tooling stack with repositoryName '${image.name}'.`));
        continue;
      }
      const repoPolicy = inAccount({ name: `repository policy of ${model.describe(repo.logicalId)}`, statements: parseDocument(repo.props.RepositoryPolicyText) }, model.env.account, params.tooling.account);
      const view = execId ? iam.role(execId) : undefined;
      if (view) {
        const exec = localRole(ctx, view, params.workload.account);
        for (const action of PULL_ACTIONS) {
          const d = evaluateCrossAccount({ principal: exec.principal, identity: exec.identity, boundary: exec.boundary, resourceAccount: params.tooling.account, resourcePolicies: [repoPolicy], request: { action, resource: repoArn, context: principalContext(exec.principal, { 'aws:PrincipalOrgID': params.organizationId }), contextComplete: true } });
          if (!d.allowed) {
            findings.push(model.finding(d.deniedBy === 'resource' ? repo.logicalId : view.logicalId, `the workload's execution role cannot ${action} on ${repoArn}: ${sideText(d, 'the execution role', 'the repository policy')} — a cross-account pull needs both`, d.deniedBy === 'resource' ? `Add a repository policy statement allowing ${PULL_ACTIONS.join(', ')} to ${exec.principal.arn} (or account ${params.workload.account}).` : `Grant the execution role pull on the repository (repository.grantPull(executionRole)).`));
            break;
          }
        }
      }
      const outsider: Principal = { arn: `arn:aws:iam::${OUTSIDER}:role/anyone`, account: OUTSIDER };
      const open = evaluate(statementsFor([repoPolicy], outsider, params.tooling.account), { action: 'ecr:BatchGetImage', resource: repoArn, context: principalContext(outsider, { 'aws:PrincipalOrgID': OUTSIDE_ORG }), contextComplete: true });
      if (open.allowed) findings.push(model.finding(repo.logicalId, `the repository policy of ${model.describe(repo.logicalId)} lets accounts outside the organization pull its images`, `Name the workload account (or its execution role), or add Condition StringEquals aws:PrincipalOrgID = ${params.organizationId}.`));
    }
  }
  if (pulls === 0) findings.push(model.finding(model.ofType('AWS::ECS::TaskDefinition').find((t) => t.stack === params.workload.stack)?.logicalId ?? anchorIn(model, params.workload.stack), `no task definition of stack ${params.workload.stack} pulls its image from account ${params.tooling.account}'s ECR: nothing is shared between the accounts`, 'Use ecs.ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryArn(this, …, the tooling repository ARN), tag).'));
  return findings;
}

/** A resource of the stack to hang a finding about something missing on (its roles first). */
function anchorIn(model: StackModel, stack: string): string | undefined {
  const own = model.resources().filter((r) => r.stack === stack);
  return (own.find((r) => r.type === 'AWS::IAM::Role') ?? own[0])?.logicalId;
}

function telemetryFindings(ctx: Ctx): Finding[] {
  const { model, params } = ctx;
  const sinks = model.ofType('AWS::Oam::Sink').filter((s) => s.stack === params.tooling.stack);
  const links = model.ofType('AWS::Oam::Link').filter((l) => l.stack === params.workload.stack);
  if (!sinks.length) return [model.finding(anchorIn(model, params.tooling.stack), `stack ${params.tooling.stack} has no CloudWatch OAM sink: the tooling (monitoring) account sees nothing of the workload`, 'Add new oam.CfnSink(this, \'Sink\', { name, policy }) in the tooling stack.')];
  if (!links.length) return [model.finding(anchorIn(model, params.workload.stack), `stack ${params.workload.stack} has no CloudWatch OAM link to the tooling account's sink`, 'Add new oam.CfnLink(this, \'Link\', { sinkIdentifier: the sink ARN, resourceTypes: [...] }) in the workload stack.')];
  const findings: Finding[] = [];
  for (const link of links) findings.push(...linkFindings(model, params, link, sinks));
  return findings;
}

function linkFindings(model: StackModel, params: TrustAndSharingParams, link: ModelResource, sinks: ModelResource[]): Finding[] {
  const sinkArn = String(link.props.SinkIdentifier);
  const findings: Finding[] = [];
  if (!new RegExp(`^arn:[^:]+:oam:[^:]+:${params.tooling.account}:sink/`).test(sinkArn)) {
    return [model.finding(link.logicalId, `OAM link ${model.describe(link.logicalId)} points at ${sinkArn}, not at a sink in the tooling account ${params.tooling.account}`, `Set sinkIdentifier to the ARN of the tooling account's sink (arn:aws:oam:<region>:${params.tooling.account}:sink/<id>).`)];
  }
  const types = ((link.props.ResourceTypes ?? []) as string[]).map(String);
  const missing = SHARED_TELEMETRY.filter((t) => !types.includes(t));
  if (missing.length) findings.push(model.finding(link.logicalId, `OAM link ${model.describe(link.logicalId)} does not share ${missing.join(' or ')}`, `Add ${missing.join(', ')} to its resourceTypes.`));
  const workloadCaller: Principal = { arn: `arn:aws:iam::${params.workload.account}:role/${params.deployRole}`, account: params.workload.account };
  const outsider: Principal = { arn: `arn:aws:iam::${OUTSIDER}:role/anyone`, account: OUTSIDER };
  for (const sink of sinks) {
    const policy = inAccount({ name: `policy of sink ${model.describe(sink.logicalId)}`, statements: parseDocument(sink.props.Policy) }, model.env.account, params.tooling.account);
    const create = (who: Principal, org: string) =>
      evaluate(statementsFor([policy], who, params.tooling.account), { action: 'oam:CreateLink', resource: sinkArn, context: principalContext(who, { 'aws:PrincipalOrgID': org, 'oam:ResourceTypes': types }), contextComplete: true });
    if (!create(workloadCaller, params.organizationId).allowed) {
      findings.push(model.finding(sink.logicalId, `the policy of sink ${model.describe(sink.logicalId)} does not let account ${params.workload.account} create its link (with resource types ${types.join(', ')})`, `Allow oam:CreateLink and oam:UpdateLink to account ${params.workload.account} (or aws:PrincipalOrgID ${params.organizationId}) for those resource types.`));
    }
    if (create(outsider, OUTSIDE_ORG).allowed) {
      findings.push(model.finding(sink.logicalId, `the policy of sink ${model.describe(sink.logicalId)} lets accounts outside the organization link their telemetry into it`, `Name the workload account, or add Condition StringEquals aws:PrincipalOrgID = ${params.organizationId}.`));
    }
  }
  return findings;
}
