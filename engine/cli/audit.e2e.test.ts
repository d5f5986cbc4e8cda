// End-to-end: the real `lab audit` on inputs nobody shaped for a lab — a CDK app folder with its
// own cdk.json, App and app.synth() and no node_modules (the runner's aws-cdk-lib serves), an
// entry file relying on the CDK CLI's automatic synth, a YAML template with short forms, a
// synthesized cdk.out — and on bad input, which must be one line and exit 2 with nothing written.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cdk } from '../synth/synthesize';
import { runLab } from '../testing/run-lab';

let home: string;
const write = (rel: string, text: string) => {
  const p = join(home, rel);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
};

/** A small ECS app: a Fargate task whose role may do every S3 action (critical), a container without a health check (medium). */
const STACK = `import { Stack, StackProps } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

export class WorkerStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps & { stage: string }) {
    super(scope, id, props);
    const task = new ecs.FargateTaskDefinition(this, 'Task');
    task.addContainer('app', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:1.36'), logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'app' }) });
    task.taskRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] }));
    if (props.stage !== 'dev') throw new Error('cdk.json context did not reach the app');
  }
}
`;

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Env: { Type: String, Default: dev }
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  TaskRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - { Effect: Allow, Principal: { Service: ecs-tasks.amazonaws.com }, Action: sts:AssumeRole }
      Policies:
        - PolicyName: everything
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: '*'
                Resource: !If [IsProd, !Sub 'arn:\${AWS::Partition}:s3:::prod-*', '*']
  ExecRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - { Effect: Allow, Principal: { Service: ecs-tasks.amazonaws.com }, Action: sts:AssumeRole }
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      TaskRoleArn: !GetAtt TaskRole.Arn
      ExecutionRoleArn: !GetAtt ExecRole.Arn
      RequiresCompatibilities: [FARGATE]
      NetworkMode: awsvpc
      Cpu: '256'
      Memory: '512'
      ContainerDefinitions:
        - Name: app
          Image: !Join [':', [public.ecr.aws/docker/library/busybox, '1.36']]
          Essential: true
`;

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'ecs-lab-audit-e2e-'));
  write('app/cdk.json', JSON.stringify({ app: 'npx ts-node --prefer-ts-exts bin/app.ts', context: { stage: 'dev' } }));
  write(
    'app/bin/app.ts',
    `#!/usr/bin/env node\nimport 'source-map-support/register';\nimport * as cdk from 'aws-cdk-lib';\nimport { WorkerStack } from '../lib/worker-stack';\n\nconst app = new cdk.App();\nnew WorkerStack(app, 'Worker', { stage: app.node.tryGetContext('stage') });\napp.synth();\n`,
  );
  // As \`cdk init\` writes it: no app.synth(), the CDK CLI's App synthesizes itself before exit.
  write('app/bin/auto.ts', `import * as cdk from 'aws-cdk-lib';\nimport { WorkerStack } from '../lib/worker-stack';\n\nconst app = new cdk.App();\nnew WorkerStack(app, 'Auto', { stage: app.node.tryGetContext('stage') });\n`);
  write('app/lib/worker-stack.ts', STACK);
  write('template.yaml', TEMPLATE);
  write('not-an-app/readme.md', '# hello');
  write('package.json', JSON.stringify({ name: 'x', version: '1.0.0' }));
  write('bad-tag.yaml', 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Reff Name\n');

  // A cdk.out as `cdk synth` leaves it, synthesized here by trusted test code.
  const { App, Stack, aws_s3: s3, aws_iam: iam } = cdk();
  const app = new App({ outdir: join(home, 'synthed', 'cdk.out') });
  const stack = new Stack(app, 'Data');
  const role = new iam.Role(stack, 'Admin', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
  role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess'));
  new s3.Bucket(stack, 'Bucket');
  app.synth();
}, 120_000);

describe('lab audit on a CDK app folder', () => {
  it('synthesizes the app as it is (its App, cdk.json context, no node_modules) and judges every check', async () => {
    const r = await runLab(['audit', 'app', '--json'], { cwd: home, timeoutMs: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.lab).toEqual({ id: 'audit', title: 'Audit of app', layer: 'audit' });
    expect(report.audit).toMatchObject({ input: 'cdk-app', path: 'app', stacks: ['Worker'], failOn: 'high', failing: 1 });
    const admin = report.checks.find((c: any) => c.id === 'iam.no-admin-or-wildcard-actions');
    expect(admin.status).toBe('fail');
    expect(admin.findings[0].message).toMatch(/s3:\*/);
    expect(admin.findings[0].location.file).toBe('lib/worker-stack.ts');
    expect(report.checks.find((c: any) => c.id === 'ecs.container-health-check').status).toBe('fail');
    expect(report.checks.find((c: any) => c.id === 'ecs.container-log-configuration').status).toBe('pass');
    expect(report.checks.find((c: any) => c.id === 'network.multi-az')).toMatchObject({ status: 'skip', findings: [{ message: 'not applicable: the app has no ECS service' }] });
    // Every check of the library is in the report, judged or skipped with a reason.
    const { ALL_CHECKS } = await import('../../checks');
    expect(report.checks.map((c: any) => c.id)).toEqual(ALL_CHECKS.map((c) => c.id));
  }, 150_000);

  it('an entry file whose App synthesizes itself (no app.synth(), as `cdk init` writes it); suppressed findings stay visible', async () => {
    const r = await runLab(['audit', 'app/bin/auto.ts', '--suppress', 'iam.no-admin-or-wildcard-actions:the worker manages every bucket of the account'], { cwd: home, timeoutMs: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Audit of auto\.ts {2}CDK entry file · 1 stack/);
    expect(r.stdout).toMatch(/~ No task role or execution role has admin-level or wildcard permissions/);
    expect(r.stdout).toMatch(/suppressed: task role Task\/TaskRole: statement #1 of policy[\s\S]*?allows "s3:\*"/);
    expect(r.stdout).toMatch(/because: the worker manages every bucket of the account/);
    expect(r.stdout).toMatch(/Exit 0: no check failed at high severity or above/);
  }, 150_000);
});

describe('lab audit on a YAML template with short forms', () => {
  it('reads the short forms, judges every condition branch, and exits by --fail-on', async () => {
    const r = await runLab(['audit', 'template.yaml'], { cwd: home });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^CRITICAL\n ✗ No task role or execution role has admin-level or wildcard permissions/m);
    expect(r.stdout).toMatch(/at template\.yaml:7:3/);
    expect((await runLab(['audit', 'template.yaml', '--fail-on', 'none'], { cwd: home })).code).toBe(0);
  });

  it('writes SARIF for code scanning, with suppressions carried as such', async () => {
    const r = await runLab(
      ['audit', 'template.yaml', '--reporter', 'sarif', '--output-file', 'audit.sarif', '--suppress', 'ecs.container-log-configuration:logs go to a sidecar'],
      { cwd: home },
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Audit of template\.yaml/);
    const sarif = JSON.parse(readFileSync(join(home, 'audit.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    const results = sarif.runs[0].results;
    const admin = results.find((x: any) => x.ruleId === 'iam.no-admin-or-wildcard-actions');
    expect(admin.locations[0].physicalLocation.artifactLocation.uri).toBe('template.yaml');
    expect(results.find((x: any) => x.ruleId === 'ecs.container-log-configuration').suppressions).toEqual([{ kind: 'external', justification: 'logs go to a sidecar' }]);
  });
});

describe('lab audit on a cdk.out', () => {
  it('reads the assembly and judges it', async () => {
    const r = await runLab(['audit', 'synthed', '--json', '--fail-on', 'critical'], { cwd: home });
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    expect(report.audit).toMatchObject({ input: 'cdk-out', stacks: ['Data'] });
    // No task definition: the role checks have nothing to judge, and say so.
    expect(report.checks.find((c: any) => c.id === 'iam.no-admin-or-wildcard-actions')).toMatchObject({ status: 'skip', findings: [{ message: 'not applicable: the app has no ECS task definition' }] });
    expect(r.code).toBe(0);
  });
});

describe('lab audit on bad input', () => {
  it.each([
    [['audit', 'nope'], /^✗ nope does not exist/],
    [['audit', 'not-an-app'], /^✗ not-an-app is not a CDK app, a cdk\.out folder or a template/],
    [['audit', 'package.json'], /^✗ package\.json is not a CloudFormation template: it has no Resources/],
    [['audit', 'bad-tag.yaml'], /^✗ bad-tag\.yaml:5:\d+: unknown YAML tag !Reff/],
    [['audit', 'template.yaml', '--fail-on', 'severe'], /^✗ --fail-on takes critical, high, medium, low or none/],
    [['audit', 'template.yaml', '--suppress', 'network.multi-az'], /^✗ --suppress needs a check id and a reason/],
    [['audit', 'template.yaml', '--suppress', 'network.multi-za:typo'], /^✗ --suppress: no check has the id "network\.multi-za" — did you mean network\.multi-az\?/],
  ])('%j → one line, exit 2, nothing written', async (args, message) => {
    const out = `out-${Math.random().toString(36).slice(2)}.sarif`;
    const r = await runLab([...args, '--reporter', 'sarif', '--output-file', out], { cwd: home });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(existsSync(join(home, out))).toBe(false);
  });
});
