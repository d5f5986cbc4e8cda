import { App, CfnCondition, CfnOutput, CfnParameter, CfnResource, Fn, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import type { CfnTemplate } from '../types';
import { and, evaluateConditionSection, not, or } from './condition-logic';
import { conditionScenarios, rootAssignments } from './conditions';
import { StackModel } from './model';
import { DEFAULT_ENV } from './resolve';

function synth(build: (stack: Stack) => void, analyticsReporting = false): CfnTemplate {
  const app = new App({ analyticsReporting });
  const stack = new Stack(app, 'Lab');
  build(stack);
  return app.synth().getStackByName('Lab').template;
}

const ids = (t: CfnTemplate) => Object.keys(t.Resources ?? {}).sort();
const assumed = (s: { assumptions: { condition: string; value: boolean }[] }) =>
  s.assumptions.map((a) => `${a.condition}=${a.value}`).join(',');

describe('three-valued logic', () => {
  it('And is false and Or true as soon as one operand decides, whatever the unknown ones are', () => {
    expect(and([true, 'unknown', false])).toBe(false);
    expect(and([true, 'unknown'])).toBe('unknown');
    expect(and([true, true])).toBe(true);
    expect(or([false, 'unknown', true])).toBe(true);
    expect(or([false, 'unknown'])).toBe('unknown');
    expect(or([false, false])).toBe(false);
    expect(not('unknown')).toBe('unknown');
    expect(not(false)).toBe(true);
  });
});

describe('conditionScenarios with decidable conditions', () => {
  const template = synth((stack) => {
    const env = new CfnParameter(stack, 'Env', { default: 'dev' });
    const isProd = new CfnCondition(stack, 'IsProd', { expression: Fn.conditionEquals(env.valueAsString, 'prod') });
    const bucket = new s3.CfnBucket(stack, 'Logs', {
      versioningConfiguration: Fn.conditionIf(isProd.logicalId, { Status: 'Enabled' }, Fn.ref('AWS::NoValue')) as any,
      bucketName: Fn.conditionIf(isProd.logicalId, 'logs-prod', 'logs-dev').toString(),
    });
    const audit = new s3.CfnBucket(stack, 'Audit');
    audit.cfnOptions.condition = isProd;
    bucket.addDependency(audit);
    new CfnOutput(stack, 'AuditName', { value: audit.ref, condition: isProd });
    new CfnOutput(stack, 'LogsName', { value: bucket.ref });
  });

  it('drops a resource whose condition is false, with the outputs and DependsOn pointing at it', () => {
    // The real template still has everything, wired to the condition.
    expect(template.Resources?.Audit?.Condition).toBe('IsProd');
    expect(template.Resources?.Logs?.DependsOn).toEqual(['Audit']);

    const scenarios = conditionScenarios(template);
    expect(scenarios).toHaveLength(1);
    const [{ template: deployed, assumptions }] = scenarios;
    expect(assumptions).toEqual([]);
    expect(ids(deployed)).toEqual(['Logs']);
    expect(deployed.Resources?.Logs?.DependsOn).toBeUndefined();
    expect(Object.keys(deployed.Outputs ?? {})).toEqual(['LogsName']);
    expect(deployed.Conditions).toEqual({});
  });

  it('replaces Fn::If by the deployed branch, keeping AWS::NoValue as a Ref', () => {
    const [{ template: deployed }] = conditionScenarios(template);
    expect(deployed.Resources?.Logs?.Properties).toEqual({
      BucketName: 'logs-dev',
      VersioningConfiguration: { Ref: 'AWS::NoValue' },
    });
    // The model then sees no versioning at all on the dev bucket.
    expect(new StackModel(deployed).resource('Logs')?.props).toEqual({ BucketName: 'logs-dev' });
  });

  it('takes the other branch and keeps the resource when the default makes the condition true', () => {
    const prod = { ...template, Parameters: { ...template.Parameters, Env: { Type: 'String', Default: 'prod' } } };
    const [{ template: deployed }] = conditionScenarios(prod);
    expect(ids(deployed)).toEqual(['Audit', 'Logs']);
    expect(deployed.Resources?.Audit?.Condition).toBeUndefined();
    expect(deployed.Resources?.Logs?.DependsOn).toEqual(['Audit']);
    expect(deployed.Resources?.Logs?.Properties?.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(Object.keys(deployed.Outputs ?? {}).sort()).toEqual(['AuditName', 'LogsName']);
    expect((deployed.Outputs?.AuditName as Record<string, unknown>).Condition).toBeUndefined();
  });

  it('leaves the input template untouched', () => {
    const before = JSON.stringify(template);
    conditionScenarios(template);
    expect(JSON.stringify(template)).toBe(before);
  });

  it('returns a template without Conditions as it is', () => {
    const plain: CfnTemplate = { Resources: { B: { Type: 'AWS::S3::Bucket' } } };
    const scenarios = conditionScenarios(plain);
    expect(scenarios).toEqual([{ template: plain, assumptions: [] }]);
    expect(scenarios[0].template).toBe(plain);
  });
});

describe('Fn::If outside resource properties', () => {
  it('replaces Fn::If nested deep, in UpdatePolicy, Metadata and Outputs, and inside a chosen branch', () => {
    const template: CfnTemplate = {
      Conditions: { Yes: { 'Fn::Equals': ['a', 'a'] }, No: { 'Fn::Equals': ['a', 'b'] } },
      Resources: {
        Asg: {
          Type: 'AWS::AutoScaling::AutoScalingGroup',
          Properties: { Tags: [{ Key: 'k', Value: { 'Fn::If': ['No', 'x', { 'Fn::If': ['Yes', 'inner', 'never'] }] } }] },
          UpdatePolicy: { AutoScalingRollingUpdate: { MinInstancesInService: { 'Fn::If': ['Yes', 1, 0] } } },
          Metadata: { note: { 'Fn::If': ['No', 'a', 'b'] } },
        },
      },
      Outputs: { Out: { Value: { 'Fn::If': ['No', 'x', { Ref: 'AWS::NoValue' }] } } },
    };
    const [{ template: deployed }] = conditionScenarios(template);
    expect(deployed.Resources?.Asg).toEqual({
      Type: 'AWS::AutoScaling::AutoScalingGroup',
      Properties: { Tags: [{ Key: 'k', Value: 'inner' }] },
      UpdatePolicy: { AutoScalingRollingUpdate: { MinInstancesInService: 1 } },
      Metadata: { note: 'b' },
    });
    expect(deployed.Outputs?.Out).toEqual({ Value: { Ref: 'AWS::NoValue' } });
    expect(JSON.stringify(deployed)).not.toContain('Fn::If');
  });

  it('keeps a plain IAM Condition block, which is not a condition reference', () => {
    const statement = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:SourceAccount': '1' } } };
    const template: CfnTemplate = {
      Conditions: { Yes: { 'Fn::Equals': ['a', 'a'] } },
      Resources: { P: { Type: 'AWS::IAM::Policy', Properties: { PolicyDocument: { Statement: [statement] } } } },
    };
    const [{ template: deployed }] = conditionScenarios(template);
    expect(deployed.Resources?.P?.Properties?.PolicyDocument.Statement).toEqual([statement]);
  });
});

describe('nested condition functions', () => {
  const literal = (conditions: Record<string, unknown>) =>
    evaluateConditionSection(conditions, (raw) => ({ known: true, value: raw })).values;

  it('evaluates And, Or, Not and Condition references to other conditions', () => {
    const template = synth((stack) => {
      const env = new CfnParameter(stack, 'Env', { default: 'staging' });
      const isProd = new CfnCondition(stack, 'IsProd', { expression: Fn.conditionEquals(env.valueAsString, 'prod') });
      const isStaging = new CfnCondition(stack, 'IsStaging', { expression: Fn.conditionEquals(env.valueAsString, 'staging') });
      const inUsEast1 = new CfnCondition(stack, 'InUsEast1', { expression: Fn.conditionEquals(stack.region, 'us-east-1') });
      const shared = new CfnCondition(stack, 'Shared', {
        expression: Fn.conditionAnd(Fn.conditionOr(isProd, isStaging), Fn.conditionNot(Fn.conditionEquals(stack.partition, 'aws-cn')), inUsEast1),
      });
      const notShared = new CfnCondition(stack, 'NotShared', { expression: Fn.conditionNot(shared) });
      const a = new s3.CfnBucket(stack, 'SharedBucket');
      a.cfnOptions.condition = shared;
      const b = new s3.CfnBucket(stack, 'OwnBucket');
      b.cfnOptions.condition = notShared;
    });
    const [scenario, ...more] = conditionScenarios(template);
    expect(more).toEqual([]);
    expect(ids(scenario.template)).toEqual(['SharedBucket']);
    // Another region flips InUsEast1, hence Shared and NotShared.
    const [elsewhere] = conditionScenarios(template, { ...DEFAULT_ENV, region: 'eu-west-1' });
    expect(ids(elsewhere.template)).toEqual(['OwnBucket']);
  });

  it('compares what CloudFormation compares: strings, lists element by element', () => {
    const values = literal({
      NumberAndString: { 'Fn::Equals': [2, '2'] },
      Lists: { 'Fn::Equals': [['a', 'b'], ['a', 'b']] },
      ListVsString: { 'Fn::Equals': [['a'], 'a'] },
      Empty: { 'Fn::And': [] },
      Malformed: { 'Fn::Equals': ['only-one'] },
    });
    expect(Object.fromEntries(values)).toEqual({ NumberAndString: true, Lists: true, ListVsString: false, Empty: 'unknown', Malformed: 'unknown' });
  });

  it('resolves operands through Fn::Join, Fn::Sub, Fn::FindInMap and Fn::Select', () => {
    const template: CfnTemplate = {
      Parameters: { Stage: { Type: 'String', Default: 'prod' } },
      Mappings: { Sizes: { prod: { Nat: 'yes' } } },
      Conditions: {
        Joined: { 'Fn::Equals': [{ 'Fn::Join': ['-', [{ Ref: 'Stage' }, { Ref: 'AWS::Region' }]] }, 'prod-us-east-1'] },
        Subbed: { 'Fn::Equals': [{ 'Fn::Sub': 'arn:${AWS::Partition}:${Stage}' }, 'arn:aws:prod'] },
        Mapped: { 'Fn::Equals': [{ 'Fn::FindInMap': ['Sizes', { Ref: 'Stage' }, 'Nat'] }, 'yes'] },
        Selected: { 'Fn::Equals': [{ 'Fn::Select': [1, { 'Fn::Split': [',', 'a,b'] }] }, 'b'] },
        MissingKey: { 'Fn::Equals': [{ 'Fn::FindInMap': ['Sizes', 'dev', 'Nat'] }, 'yes'] },
      },
      Resources: {
        Joined: { Type: 'AWS::SNS::Topic', Condition: 'Joined' },
        Subbed: { Type: 'AWS::SNS::Topic', Condition: 'Subbed' },
        Mapped: { Type: 'AWS::SNS::Topic', Condition: 'Mapped' },
        Selected: { Type: 'AWS::SNS::Topic', Condition: 'Selected' },
      },
    };
    const scenarios = conditionScenarios(template);
    // A FindInMap on a missing key cannot be known offline: two scenarios, the rest decided in both.
    expect(scenarios.map(assumed)).toEqual(['MissingKey=true', 'MissingKey=false']);
    for (const s of scenarios) expect(ids(s.template)).toEqual(['Joined', 'Mapped', 'Selected', 'Subbed']);
  });
});

describe('conditions that cannot be known offline', () => {
  it('a parameter without default gives two scenarios, one per value of its condition', () => {
    const template = synth((stack) => {
      const useNat = new CfnParameter(stack, 'UseNatParam', { allowedValues: ['yes', 'no'] });
      const cond = new CfnCondition(stack, 'UseNat', { expression: Fn.conditionEquals(useNat.valueAsString, 'yes') });
      const eip = new ec2.CfnEIP(stack, 'NatIp');
      eip.cfnOptions.condition = cond;
      new ec2.CfnVPC(stack, 'Vpc', { cidrBlock: Fn.conditionIf(cond.logicalId, '10.0.0.0/16', '10.1.0.0/16').toString() });
    });
    const scenarios = conditionScenarios(template);
    expect(scenarios.map(assumed)).toEqual(['UseNat=true', 'UseNat=false']);
    expect(scenarios.map((s) => ids(s.template))).toEqual([['NatIp', 'Vpc'], ['Vpc']]);
    expect(scenarios.map((s) => s.template.Resources?.Vpc?.Properties?.CidrBlock)).toEqual(['10.0.0.0/16', '10.1.0.0/16']);
  });

  it('two independent unknowns give four scenarios; a condition derived from them is computed, not assumed', () => {
    const template = synth((stack) => {
      const a = new CfnCondition(stack, 'Https', { expression: Fn.conditionEquals(new CfnParameter(stack, 'Cert').valueAsString, 'yes') });
      const b = new CfnCondition(stack, 'Imported', { expression: Fn.conditionEquals(Fn.importValue('shared-vpc'), 'vpc-1') });
      const both = new CfnCondition(stack, 'Both', { expression: Fn.conditionAnd(a, b) });
      const bucket = new s3.CfnBucket(stack, 'OnlyWithBoth');
      bucket.cfnOptions.condition = both;
    });
    const scenarios = conditionScenarios(template);
    expect(scenarios.map(assumed)).toEqual(['Https=true,Imported=true', 'Https=true,Imported=false', 'Https=false,Imported=true', 'Https=false,Imported=false']);
    expect(scenarios.map((s) => ids(s.template).includes('OnlyWithBoth'))).toEqual([true, false, false, false]);
  });

  it('treats the stack name, resource ids and SSM-typed parameter defaults as unknown', () => {
    const template: CfnTemplate = {
      Parameters: { Ami: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/aws/ami' } },
      Conditions: {
        ByStackName: { 'Fn::Equals': [{ Ref: 'AWS::StackName' }, 'lab-stack'] },
        ByResource: { 'Fn::Equals': [{ 'Fn::Sub': '${Bucket}' }, 'bucket'] },
        BySsm: { 'Fn::Equals': [{ Ref: 'Ami' }, '/aws/ami'] },
        ByRegion: { 'Fn::Equals': [{ 'Fn::Sub': '${AWS::Region}' }, 'us-east-1'] },
      },
      Resources: { Bucket: { Type: 'AWS::S3::Bucket' } },
    };
    const scenarios = conditionScenarios(template);
    expect(scenarios).toHaveLength(8);
    expect(scenarios[0].assumptions.map((a) => a.condition)).toEqual(['ByStackName', 'ByResource', 'BySsm']);
  });

  it('decides a condition on an unknown when a known operand settles it (three-valued logic)', () => {
    const template: CfnTemplate = {
      Parameters: { Free: { Type: 'String' } },
      Conditions: {
        NeverInChina: { 'Fn::And': [{ 'Fn::Equals': [{ Ref: 'AWS::Partition' }, 'aws-cn'] }, { 'Fn::Equals': [{ Ref: 'Free' }, 'x'] }] },
        AlwaysHere: { 'Fn::Or': [{ 'Fn::Equals': [{ Ref: 'AWS::AccountId' }, '123456789012'] }, { 'Fn::Equals': [{ Ref: 'Free' }, 'x'] }] },
      },
      Resources: {
        Cn: { Type: 'AWS::SNS::Topic', Condition: 'NeverInChina' },
        Here: { Type: 'AWS::SNS::Topic', Condition: 'AlwaysHere' },
      },
    };
    const scenarios = conditionScenarios(template);
    expect(scenarios).toHaveLength(1);
    expect(scenarios[0].assumptions).toEqual([]);
    expect(ids(scenarios[0].template)).toEqual(['Here']);
  });

  it('does not report a root as assumed where the other assumptions decide it', () => {
    const template: CfnTemplate = {
      Parameters: { A: { Type: 'String' }, B: { Type: 'String' } },
      Conditions: {
        UseNat: { 'Fn::Equals': [{ Ref: 'A' }, 'yes'] },
        // Its own unknown (B) makes it a root, but UseNat=false settles it.
        NatHa: { 'Fn::And': [{ Condition: 'UseNat' }, { 'Fn::Equals': [{ Ref: 'B' }, 'ha'] }] },
      },
      Resources: { SecondNat: { Type: 'AWS::EC2::NatGateway', Condition: 'NatHa' } },
    };
    const scenarios = conditionScenarios(template);
    // UseNat=false with NatHa=true and with NatHa=false are the same deployment: merged into one.
    expect(scenarios.map(assumed)).toEqual(['UseNat=true,NatHa=true', 'UseNat=true,NatHa=false', 'UseNat=false']);
    expect(scenarios.map((s) => ids(s.template))).toEqual([['SecondNat'], [], []]);
  });

  it('beyond maxScenarios uses the covering set: all true, all false, each root false alone', () => {
    const roots = ['A', 'B', 'C', 'D', 'E'];
    const template: CfnTemplate = {
      Parameters: Object.fromEntries(roots.map((r) => [`P${r}`, { Type: 'String' }])),
      Conditions: Object.fromEntries(roots.map((r) => [r, { 'Fn::Equals': [{ Ref: `P${r}` }, 'on'] }])),
      Resources: Object.fromEntries(roots.map((r) => [`Topic${r}`, { Type: 'AWS::SNS::Topic', Condition: r }])),
    };
    const capped = conditionScenarios(template);
    expect(capped.map((s) => s.assumptions.filter((a) => !a.value).map((a) => a.condition).join(''))).toEqual([
      '',
      'ABCDE',
      'A',
      'B',
      'C',
      'D',
      'E',
    ]);
    expect(ids(capped[2].template)).toEqual(['TopicB', 'TopicC', 'TopicD', 'TopicE']);
    // Raising the cap enumerates every combination.
    expect(conditionScenarios(template, DEFAULT_ENV, { maxScenarios: 32 })).toHaveLength(32);
    // Two roots fit under a cap of 4, not of 3.
    expect(rootAssignments(['A', 'B'], 4)).toHaveLength(4);
    expect(rootAssignments(['A', 'B'], 3).map((m) => [...m.values()])).toEqual([
      [true, true],
      [false, false],
      [false, true],
      [true, false],
    ]);
  });

  it('cuts a cycle of conditions: treated as unknown, then consistent in each scenario', () => {
    const template: CfnTemplate = {
      Conditions: {
        Ping: { 'Fn::Not': [{ Condition: 'Pong' }] },
        Pong: { 'Fn::Not': [{ Condition: 'Ping' }] },
        Loop: { Condition: 'Loop' },
      },
      Resources: {
        PingTopic: { Type: 'AWS::SNS::Topic', Condition: 'Ping' },
        PongTopic: { Type: 'AWS::SNS::Topic', Condition: 'Pong' },
      },
    };
    const offline = evaluateConditionSection(template.Conditions!, () => ({ known: false }));
    expect(Object.fromEntries(offline.values)).toEqual({ Ping: 'unknown', Pong: 'unknown', Loop: 'unknown' });
    const scenarios = conditionScenarios(template);
    expect(scenarios.map(assumed)).toEqual(['Ping=true,Loop=true', 'Ping=true,Loop=false', 'Ping=false,Loop=true', 'Ping=false,Loop=false']);
    // Exactly one of the two topics in each: Pong follows from the assumption about Ping.
    expect(scenarios.map((s) => ids(s.template))).toEqual([['PingTopic'], ['PingTopic'], ['PongTopic'], ['PongTopic']]);
  });
});

describe('CDKMetadata', () => {
  const template = synth((stack) => {
    new s3.CfnBucket(stack, 'B');
  }, true);

  it('is deployed in us-east-1 (the default env) without any assumption', () => {
    expect(template.Resources?.CDKMetadata?.Condition).toBe('CDKMetadataAvailable');
    const scenarios = conditionScenarios(template);
    expect(scenarios).toHaveLength(1);
    expect(scenarios[0].assumptions).toEqual([]);
    expect(ids(scenarios[0].template)).toEqual(['B', 'CDKMetadata']);
  });

  it('is dropped in a region CDK does not collect metadata in', () => {
    const [scenario] = conditionScenarios(template, { ...DEFAULT_ENV, region: 'xx-nowhere-1' });
    expect(ids(scenario.template)).toEqual(['B']);
  });
});

describe('a resource pointing at a resource that is not deployed', () => {
  it('resolves the reference as unresolved instead of inventing its id', () => {
    const template = synth((stack) => {
      const never = new CfnCondition(stack, 'Never', { expression: Fn.conditionEquals('a', 'b') });
      const topic = new CfnResource(stack, 'Topic', { type: 'AWS::SNS::Topic' });
      topic.cfnOptions.condition = never;
      new CfnResource(stack, 'Sub', { type: 'AWS::SNS::Subscription', properties: { TopicArn: Fn.conditionIf(never.logicalId, topic.ref, 'arn:aws:sns:us-east-1:123456789012:other') } });
    });
    const [{ template: deployed }] = conditionScenarios(template);
    expect(new StackModel(deployed).resource('Sub')?.props.TopicArn).toBe('arn:aws:sns:us-east-1:123456789012:other');
  });
});
