// For the blue/green check tests: the hand-written service template of engine/faults/fixtures with
// what an ECS-native blue/green deployment adds, written out as CloudFormation so each test states
// exactly what it changes: a green target group, the production and test listener rules, the
// AdvancedConfiguration, hook functions with roles, and a migration task definition.
import { serviceTemplate, type ServiceFixture } from '../../engine/faults/fixtures';
import { runCheck } from '../../engine/checking/run-checks';
import { StackModel } from '../../engine/model/model';
import type { CfnTemplate, CheckDefinition, CheckResult } from '../../engine/types';

export interface BlueGreenFixture {
  strategy?: 'BLUE_GREEN' | 'CANARY' | 'LINEAR' | 'ROLLING';
  bakeMinutes?: number;
  /** Hooks: stages, and which function each calls (default: MigrateHook for PRE_SCALE_UP, SmokeHook otherwise). */
  hooks?: { stages: string[]; fn?: 'MigrateHook' | 'SmokeHook' }[];
  /** The smoke-test hook's inline code (default SMOKE_TEST: calls green and fails on a bad answer). */
  smokeCode?: string;
  /** Leave out the alternate target group / the test listener rule. */
  noAlternate?: boolean;
  noTestRule?: boolean;
  /** What the migration hook's role may do (default: ecs:RunTask on MigrationTask and iam:PassRole of its roles). */
  migrateGrants?: { Action: string | string[]; Resource: unknown }[];
  /** Target group attributes of both target groups (default: draining 30 s, lb_cookie stickiness 1 h). */
  attributes?: Record<string, string>;
  /** Attributes of the green target group alone, when they differ. */
  greenAttributes?: Record<string, string>;
  service?: ServiceFixture;
}

/** A smoke test as the lab's solution writes it: every page must answer 2xx through the test listener. */
export const SMOKE_TEST = `exports.handler = async () => {
  for (const path of ['/', '/checkout']) {
    const res = await fetch(process.env.TEST_URL + path).catch(() => undefined);
    if (!res || !res.ok) return { hookStatus: 'FAILED' };
  }
  return { hookStatus: 'SUCCEEDED' };
};`;

export const DEFAULT_ATTRIBUTES = {
  'deregistration_delay.timeout_seconds': '30',
  'stickiness.enabled': 'true',
  'stickiness.type': 'lb_cookie',
  'stickiness.lb_cookie.duration_seconds': '3600',
};

const attrs = (a: Record<string, string>) => Object.entries(a).map(([Key, Value]) => ({ Key, Value }));
const lambdaRole = () => ({ Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] } } });

export function blueGreenTemplate(f: BlueGreenFixture = {}): CfnTemplate {
  const t = serviceTemplate({ targetGroup: { interval: 10, unhealthy: 3 }, grace: 60, ...f.service });
  const R = t.Resources as Record<string, any>;
  const strategy = f.strategy ?? 'CANARY';
  const a = f.attributes ?? DEFAULT_ATTRIBUTES;
  R.Tg.Properties.TargetGroupAttributes = attrs(a);
  R.Green = { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { ...R.Tg.Properties, TargetGroupAttributes: attrs(f.greenAttributes ?? a) } };
  const weighted = (blue: number) => [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: { Ref: 'Tg' }, Weight: blue }, { TargetGroupArn: { Ref: 'Green' }, Weight: 100 - blue }] } }];
  R.ProductionRule = { Type: 'AWS::ElasticLoadBalancingV2::ListenerRule', Properties: { ListenerArn: { Ref: 'Listener' }, Priority: 2, Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } }], Actions: weighted(100) } };
  R.TestRule = { Type: 'AWS::ElasticLoadBalancingV2::ListenerRule', Properties: { ListenerArn: { Ref: 'Listener' }, Priority: 1, Conditions: [{ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'x-release-test', Values: ['green'] } }], Actions: weighted(0) } };
  R.MigrationTaskRole = { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] } } };
  R.MigrationTask = { Type: 'AWS::ECS::TaskDefinition', Properties: { Cpu: '256', Memory: '512', NetworkMode: 'awsvpc', RequiresCompatibilities: ['FARGATE'], ExecutionRoleArn: { 'Fn::GetAtt': ['MigrationTaskRole', 'Arn'] }, ContainerDefinitions: [{ Name: 'migrate', Image: 'app', Essential: true, Command: ['/app/migrate'] }] } };
  R.MigrateHookRole = lambdaRole();
  R.SmokeHookRole = lambdaRole();
  R.MigrateHook = { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs22.x', Handler: 'index.handler', Code: { ZipFile: 'x' }, Role: { 'Fn::GetAtt': ['MigrateHookRole', 'Arn'] } } };
  R.SmokeHook = {
    Type: 'AWS::Lambda::Function',
    Properties: {
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      Code: { ZipFile: f.smokeCode ?? SMOKE_TEST },
      Environment: { Variables: { TEST_URL: { 'Fn::Join': ['', ['http://', { 'Fn::GetAtt': ['Alb', 'DNSName'] }, ':8080']] } } },
      Role: { 'Fn::GetAtt': ['SmokeHookRole', 'Arn'] },
    },
  };
  R.MigrateHookPolicy = {
    Type: 'AWS::IAM::Policy',
    Properties: {
      PolicyName: 'migrate',
      Roles: [{ Ref: 'MigrateHookRole' }],
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: (f.migrateGrants ?? [
          { Action: 'ecs:RunTask', Resource: { Ref: 'MigrationTask' } },
          { Action: 'iam:PassRole', Resource: { 'Fn::GetAtt': ['MigrationTaskRole', 'Arn'] } },
        ]).map((s) => ({ Effect: 'Allow', ...s })),
      },
    },
  };
  const svc = R.Service.Properties;
  svc.DeploymentConfiguration = {
    ...(svc.DeploymentConfiguration ?? {}),
    ...(strategy !== 'ROLLING' ? { Strategy: strategy } : {}),
    ...(f.bakeMinutes !== undefined ? { BakeTimeInMinutes: f.bakeMinutes } : strategy !== 'ROLLING' ? { BakeTimeInMinutes: 15 } : {}),
    ...(strategy === 'CANARY' ? { CanaryConfiguration: { CanaryPercent: 10, CanaryBakeTimeInMinutes: 5 } } : {}),
    LifecycleHooks: (f.hooks ?? [{ stages: ['PRE_SCALE_UP'] }, { stages: ['POST_TEST_TRAFFIC_SHIFT'] }]).map((h) => ({
      HookTargetArn: { 'Fn::GetAtt': [h.fn ?? (h.stages.includes('PRE_SCALE_UP') ? 'MigrateHook' : 'SmokeHook'), 'Arn'] },
      RoleArn: 'arn:aws:iam::123456789012:role/ecs-hooks',
      LifecycleStages: h.stages,
    })),
  };
  if (!f.noAlternate && strategy !== 'ROLLING') {
    svc.LoadBalancers[0].AdvancedConfiguration = {
      AlternateTargetGroupArn: { Ref: 'Green' },
      ProductionListenerRule: { Ref: 'ProductionRule' },
      RoleArn: 'arn:aws:iam::123456789012:role/ecs-elb',
      ...(f.noTestRule ? {} : { TestListenerRule: { Ref: 'TestRule' } }),
    };
  }
  for (const [id, r] of Object.entries(R)) r.Metadata ??= { 'aws:cdk:path': `Test/${id}/Resource` };
  return t;
}

export function checkBlueGreen(check: CheckDefinition<any>, f: BlueGreenFixture = {}, params: Record<string, unknown> = {}): Promise<CheckResult> {
  const template = blueGreenTemplate(f);
  return runCheck(check, { template, model: new StackModel(template) }, params);
}

/** A template with no ECS service at all (the network alone), for the skip cases. */
export function checkWithoutService(check: CheckDefinition<any>, params: Record<string, unknown> = {}): Promise<CheckResult> {
  const template = blueGreenTemplate();
  delete (template.Resources as Record<string, unknown>).Service;
  return runCheck(check, { template, model: new StackModel(template) }, params);
}
