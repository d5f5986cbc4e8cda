import { describe, expect, it } from 'vitest';
import type { CfnTemplate } from '../types';
import { Resolver, UNRESOLVED_PREFIX } from './resolve';

const template: CfnTemplate = {
  Parameters: { Env: { Default: 'prod' }, NoDefault: {} },
  Mappings: { Sizes: { prod: { Cpu: '512' } } },
  Resources: {
    Assets: { Type: 'AWS::S3::Bucket' },
    Named: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'my-bucket' } },
    TaskRole: { Type: 'AWS::IAM::Role', Properties: { RoleName: { 'Fn::Join': ['-', ['app', { Ref: 'Env' }]] } } },
    Secret: { Type: 'AWS::SecretsManager::Secret' },
    Sg: { Type: 'AWS::EC2::SecurityGroup' },
    Odd: { Type: 'Custom::Thing' },
  },
};
const r = new Resolver(template);

describe('Resolver', () => {
  it('resolves Ref and Fn::GetAtt to synthetic names and ARNs', () => {
    expect(r.resolve({ Ref: 'Assets' })).toBe('assets');
    expect(r.resolve({ 'Fn::GetAtt': ['Assets', 'Arn'] })).toBe('arn:aws:s3:::assets');
    expect(r.resolve({ 'Fn::GetAtt': 'Named.Arn' })).toBe('arn:aws:s3:::my-bucket');
    expect(r.resolve({ 'Fn::GetAtt': ['TaskRole', 'Arn'] })).toBe('arn:aws:iam::123456789012:role/app-prod');
    expect(r.resolve({ Ref: 'Secret' })).toBe('arn:aws:secretsmanager:us-east-1:123456789012:secret:Secret-AbCdEf');
    expect(r.resolve({ 'Fn::GetAtt': ['Sg', 'GroupId'] })).toBe('sg-sg');
  });

  it('joins, substitutes, selects and splits', () => {
    expect(r.resolve({ 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Assets', 'Arn'] }, '/*']] })).toBe('arn:aws:s3:::assets/*');
    expect(r.resolve({ 'Fn::Sub': 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:x/${Assets}/${Assets.Arn}' })).toBe(
      'arn:aws:logs:us-east-1:123456789012:x/assets/arn:aws:s3:::assets',
    );
    expect(r.resolve({ 'Fn::Sub': ['${A}-${B}', { A: 'a', B: { Ref: 'Env' } }] })).toBe('a-prod');
    expect(r.resolve({ 'Fn::Select': [1, { 'Fn::GetAZs': '' }] })).toBe('us-east-1b');
    expect(r.resolve({ 'Fn::Split': [',', 'a,b'] })).toEqual(['a', 'b']);
    expect(r.resolve({ 'Fn::FindInMap': ['Sizes', { Ref: 'Env' }, 'Cpu'] })).toBe('512');
  });

  it('drops AWS::NoValue and marks what cannot be known offline', () => {
    expect(r.resolve({ A: { Ref: 'AWS::NoValue' }, B: 1, C: [{ Ref: 'AWS::NoValue' }, 2] })).toEqual({ B: 1, C: [2] });
    expect(r.resolve({ Ref: 'NoDefault' })).toBe(`${UNRESOLVED_PREFIX}NoDefault`);
    expect(r.resolve({ 'Fn::ImportValue': 'shared-vpc' })).toBe(`${UNRESOLVED_PREFIX}import:shared-vpc`);
    expect(r.resolve({ Ref: 'Missing' })).toBe(`${UNRESOLVED_PREFIX}Missing`);
  });

  it('gives unknown types a generic ARN and id, and traces values back to their owner', () => {
    expect(r.resolve({ 'Fn::GetAtt': ['Odd', 'Arn'] })).toBe('arn:aws:thing:us-east-1:123456789012:resource/Odd');
    expect(r.ownerOf('arn:aws:s3:::assets')).toBe('Assets');
    expect(r.ownerOf('sg-sg')).toBe('Sg');
    expect(r.ownerOf('arn:aws:s3:::somebody-else')).toBeUndefined();
  });
});

describe('Resolver and conditions', () => {
  const conditional: CfnTemplate = {
    Parameters: { Env: { Default: 'dev' }, Free: {}, Ssm: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/x' } },
    Conditions: {
      IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
      IsDev: { 'Fn::Not': [{ Condition: 'IsProd' }] },
      FreeYes: { 'Fn::Equals': [{ Ref: 'Free' }, 'yes'] },
      Decided: false, // as conditionScenarios writes them
    },
    Resources: { Logs: { Type: 'AWS::S3::Bucket' } },
  };
  const rc = new Resolver(conditional);

  it('takes the Fn::If branch the condition selects, not always the first', () => {
    expect(rc.resolve({ 'Fn::If': ['IsProd', 'prod-value', 'dev-value'] })).toBe('dev-value');
    expect(rc.resolve({ 'Fn::If': ['IsDev', 'dev-value', 'prod-value'] })).toBe('dev-value');
    expect(rc.resolve({ 'Fn::If': ['Decided', 'a', 'b'] })).toBe('b');
    expect(rc.resolve({ A: { 'Fn::If': ['IsProd', 1, { Ref: 'AWS::NoValue' }] }, B: 2 })).toEqual({ B: 2 });
  });

  it('marks an Fn::If on an undecidable or missing condition as unresolved', () => {
    expect(rc.resolve({ 'Fn::If': ['FreeYes', 'a', 'b'] })).toBe(`${UNRESOLVED_PREFIX}condition:FreeYes`);
    expect(rc.resolve({ 'Fn::If': ['Nope', 'a', 'b'] })).toBe(`${UNRESOLVED_PREFIX}condition:Nope`);
  });

  it('evaluates condition functions to booleans, or unresolved when they depend on the unknowable', () => {
    expect(rc.resolve({ 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] })).toBe(true);
    expect(rc.resolve({ 'Fn::And': [{ Condition: 'IsProd' }, { Condition: 'FreeYes' }] })).toBe(false);
    expect(rc.resolve({ 'Fn::Or': [{ Condition: 'IsDev' }, { Condition: 'FreeYes' }] })).toBe(true);
    expect(rc.resolve({ 'Fn::Not': [{ Condition: 'FreeYes' }] })).toBe(`${UNRESOLVED_PREFIX}Fn::Not`);
    expect(rc.resolve({ Condition: 'IsDev' })).toBe(true);
    expect(rc.resolve({ 'Fn::Equals': [{ Ref: 'Ssm' }, '/x'] })).toBe(`${UNRESOLVED_PREFIX}Fn::Equals`);
    expect(rc.resolve({ 'Fn::Equals': [{ Ref: 'Logs' }, 'logs'] })).toBe(`${UNRESOLVED_PREFIX}Fn::Equals`);
    expect(rc.resolve({ 'Fn::Equals': [{ 'Fn::ImportValue': 'x' }, 'x'] })).toBe(`${UNRESOLVED_PREFIX}Fn::Equals`);
  });

  it('leaves an object whose only key is a Condition block alone', () => {
    expect(rc.resolve({ Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } })).toEqual({
      Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
    });
  });
});

describe('Resolver and load balancer names', () => {
  // What CDK writes for the LoadBalancer dimension of a target group's metrics: the load
  // balancer's full name cut out of the listener's ARN (segments 1–3 of it split on `/`).
  const cut = (listener: string) => ({
    'Fn::Join': ['', [1, 2, 3].flatMap((i, k) => [...(k ? ['/'] : []), { 'Fn::Select': [i, { 'Fn::Split': ['/', { Ref: listener }] }] }])],
  });
  const lbs: CfnTemplate = {
    Resources: {
      Alb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer' },
      Http: { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { LoadBalancerArn: { Ref: 'Alb' } } },
      Imported: {
        Type: 'AWS::ElasticLoadBalancingV2::Listener',
        Properties: { LoadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/orders/50dc6c495c0c9188' },
      },
      Unknown: { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { LoadBalancerArn: { 'Fn::ImportValue': 'lb' } } },
    },
  };
  const rl = new Resolver(lbs);

  it("builds a listener's ARN from its load balancer's, so the full name cut out of it is the load balancer's", () => {
    expect(rl.resolve({ Ref: 'Http' })).toBe('arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/Alb/0123456789abcdef/http');
    expect(rl.resolve(cut('Http'))).toBe(rl.resolve({ 'Fn::GetAtt': ['Alb', 'LoadBalancerFullName'] }));
  });

  it('keeps the full name of a load balancer given by ARN, and a stand-in when it cannot be known', () => {
    expect(rl.resolve(cut('Imported'))).toBe('app/orders/50dc6c495c0c9188');
    expect(rl.resolve(cut('Unknown'))).toBe('app/lb/0123456789abcdef');
  });
});
