import { App, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as oam from 'aws-cdk-lib/aws-oam';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../engine/checking/run-checks';
import { mergeStacks } from '../../engine/model/app-template';
import { StackModel } from '../../engine/model/model';
import type { CheckResult } from '../../engine/types';
import { trustAndSharing } from './trust-and-sharing';

const TOOLING = '111111111111';
const WORKLOAD = '222222222222';
const REGION = 'eu-west-1';
const ORG = 'o-ecslab0001';
const PARAMS = {
  tooling: { stack: 'Tooling', account: TOOLING },
  workload: { stack: 'Workload', account: WORKLOAD },
  organizationId: ORG,
  pipelineRole: 'PipelineRole',
  deployRole: 'DeployRole',
};
const SINK_ARN = `arn:aws:oam:${REGION}:${TOOLING}:sink/f3b1c0de-0000-4000-8000-000000000001`;
const TELEMETRY = ['AWS::CloudWatch::Metric', 'AWS::Logs::LogGroup'];

interface Opts {
  trust?: 'role+org' | 'account' | 'role';
  pipelineMayAssume?: boolean;
  boundary?: 'conditioned' | 'none' | 'unconditioned';
  repoPolicy?: 'workload' | 'none' | 'anyone';
  sink?: 'workload' | 'anyone' | 'none';
}

/** Two stacks for two accounts, as the lab's solution builds them; each option spoils one part. */
function app(o: Opts = {}): App {
  const a = new App();
  const tooling = new Stack(a, 'Tooling', { env: { account: TOOLING, region: REGION } });
  const pipeline = new iam.Role(tooling, 'PipelineRole', { roleName: 'ecs-lab-pipeline', assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com') });
  if (o.pipelineMayAssume !== false) pipeline.addToPolicy(new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [`arn:aws:iam::${WORKLOAD}:role/ecs-lab-deploy`] }));
  const repo = new ecr.Repository(tooling, 'Repo', { repositoryName: 'checkout' });
  if (o.repoPolicy !== 'none') {
    const principal = o.repoPolicy === 'anyone' ? new iam.AnyPrincipal() : new iam.AccountPrincipal(WORKLOAD);
    repo.addToResourcePolicy(new iam.PolicyStatement({ principals: [principal], actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'] }));
  }
  if (o.sink !== 'none') {
    const principal = o.sink === 'anyone' ? '*' : { AWS: [WORKLOAD] };
    new oam.CfnSink(tooling, 'Sink', {
      name: 'ecs-lab',
      policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: ['oam:CreateLink', 'oam:UpdateLink'], Resource: '*', Condition: { 'ForAllValues:StringEquals': { 'oam:ResourceTypes': TELEMETRY } } }] },
    });
  }

  const workload = new Stack(a, 'Workload', { env: { account: WORKLOAD, region: REGION } });
  const boundary = new iam.ManagedPolicy(workload, 'Boundary', {
    managedPolicyName: 'ecs-lab-boundary',
    statements: [
      new iam.PolicyStatement({ actions: ['ecs:*', 'ecr:*', 'logs:*', 'cloudformation:*', 'iam:CreateRole', 'iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:PassRole'], resources: ['*'] }),
      new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['iam:DeleteRolePermissionsBoundary', 'iam:CreatePolicyVersion', 'iam:DeletePolicy', 'iam:SetDefaultPolicyVersion'], resources: ['*'] }),
    ],
  });
  const principal = new iam.ArnPrincipal(`arn:aws:iam::${TOOLING}:role/ecs-lab-pipeline`);
  const assumedBy =
    o.trust === 'account' ? new iam.AccountPrincipal(TOOLING)
    : o.trust === 'role' ? principal
    : principal.withConditions({ StringEquals: { 'aws:PrincipalOrgID': ORG } });
  const deploy = new iam.Role(workload, 'DeployRole', { roleName: 'ecs-lab-deploy', assumedBy, ...(o.boundary === 'none' ? {} : { permissionsBoundary: boundary }) });
  deploy.addToPolicy(new iam.PolicyStatement({ actions: ['ecs:*', 'cloudformation:*'], resources: ['*'] }));
  deploy.addToPolicy(
    new iam.PolicyStatement({
      actions: ['iam:CreateRole', 'iam:PutRolePolicy', 'iam:AttachRolePolicy'],
      resources: [`arn:aws:iam::${WORKLOAD}:role/*`],
      ...(o.boundary === 'unconditioned' ? {} : { conditions: { StringEquals: { 'iam:PermissionsBoundary': boundary.managedPolicyArn } } }),
    }),
  );
  const td = new ecs.FargateTaskDefinition(workload, 'TaskDef', { executionRole: new iam.Role(workload, 'ExecutionRole', { roleName: 'ecs-lab-execution', assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') }) });
  const image = ecr.Repository.fromRepositoryArn(workload, 'ToolingRepo', `arn:aws:ecr:${REGION}:${TOOLING}:repository/checkout`);
  td.addContainer('app', { image: ecs.ContainerImage.fromEcrRepository(image, 'v1') });
  new oam.CfnLink(workload, 'Link', { sinkIdentifier: SINK_ARN, resourceTypes: TELEMETRY, labelTemplate: '$AccountName' });
  return a;
}

/** The app folded into one model, as the engine does for a learner's workspace. */
async function check(a: App): Promise<CheckResult> {
  const assembly = a.synth({ force: true });
  const merged = mergeStacks(assembly.stacks.map((s) => ({ name: s.stackName, template: s.template })), 'Workload');
  const model = new StackModel(merged.template, new Map(), undefined, { stackOf: merged.stackOf, stacks: merged.stacks });
  return runCheck(trustAndSharing, { template: merged.template, model, assemblyDir: assembly.directory }, PARAMS);
}
const text = (r: CheckResult) => r.findings.map((f) => f.message).join('\n');

describe('crossaccount.trust-and-sharing', () => {
  it('Compliance 1: pipeline role trusted by ARN within the org, boundary enforced on every role it creates, ECR pull and OAM link shared with the workload account only', async () => {
    const r = await check(app());
    expect(text(r)).toBe('');
    expect(r.status).toBe('pass');
  });

  it('Noncompliance 1: a trust naming the tooling account lets any of its roles in', async () => {
    const r = await check(app({ trust: 'account' }));
    expect(text(r)).toMatch(/lets any role of account 111111111111 assume it/);
  });

  it('Noncompliance 2: the pipeline role by ARN but no org id or external id condition', async () => {
    const r = await check(app({ trust: 'role' }));
    expect(text(r)).toMatch(/no aws:PrincipalOrgID \(or sts:ExternalId\) condition/);
    expect(text(r)).not.toMatch(/any role of account/);
  });

  it('Noncompliance 3: the trust alone is not enough across accounts — the pipeline\'s own policy must allow the assume', async () => {
    const r = await check(app({ pipelineMayAssume: false }));
    expect(text(r)).toMatch(/the pipeline role cannot assume.*the pipeline role's own policies do not allow it/);
  });

  it('Noncompliance 4: no permissions boundary on the deploy role', async () => {
    const r = await check(app({ boundary: 'none' }));
    expect(text(r)).toMatch(/has no permissions boundary/);
  });

  it('Noncompliance 5: the deploy role may create roles without the boundary (the escape)', async () => {
    const r = await check(app({ boundary: 'unconditioned' }));
    expect(text(r)).toMatch(/can create a role without a permissions boundary/);
  });

  it('Noncompliance 6: no repository policy — the execution role\'s grant alone cannot pull across accounts', async () => {
    const r = await check(app({ repoPolicy: 'none' }));
    expect(text(r)).toMatch(/cannot ecr:BatchGetImage on arn:aws:ecr:eu-west-1:111111111111:repository\/checkout: the repository policy does not allow it/);
  });

  it('Noncompliance 7: a repository and a sink open to everyone', async () => {
    const r = await check(app({ repoPolicy: 'anyone', sink: 'anyone' }));
    expect(text(r)).toMatch(/lets accounts outside the organization pull its images/);
    expect(text(r)).toMatch(/lets accounts outside the organization link their telemetry/);
  });

  it('Noncompliance 8: no sink in the tooling account, and a single stack app has no second account at all', async () => {
    expect(text(await check(app({ sink: 'none' })))).toMatch(/has no CloudWatch OAM sink/);
    const single = new App();
    new Stack(single, 'Workload');
    const assembly = single.synth({ force: true });
    const template = assembly.stacks[0].template;
    const r = await runCheck(trustAndSharing, { template, model: new StackModel(template), assemblyDir: assembly.directory }, PARAMS);
    expect(r.status).toBe('fail');
    expect(text(r)).toMatch(/no stack Tooling/);
  });
});
