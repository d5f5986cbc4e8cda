import { describe, expect, it } from 'vitest';
import type { CfnTemplate } from '../types';
import { StackModel } from './model';

const template: CfnTemplate = {
  Resources: {
    AssetsBucket1: { Type: 'AWS::S3::Bucket', Metadata: { 'aws:cdk:path': 'Lab/Assets/Resource' } },
    AssetsPolicy2: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'AssetsBucket1' } }, Metadata: { 'aws:cdk:path': 'Lab/AssetsPolicy/Resource' } },
    Role3: { Type: 'AWS::IAM::Role' },
  },
};

describe('StackModel', () => {
  const origins = new Map([['Role3', { constructPath: 'Lab/TaskRole/Resource', location: { file: 'stack.ts', line: 12, column: 5 } }]]);
  const model = new StackModel(template, origins);

  it('finds resources by whole construct-path segments', () => {
    expect(model.findByPath('Assets').map((r) => r.logicalId)).toEqual(['AssetsBucket1']);
    expect(model.findByPath('AssetsPolicy').map((r) => r.logicalId)).toEqual(['AssetsPolicy2']);
    expect(model.findByPath('Lab/TaskRole', 'AWS::IAM::Role').map((r) => r.logicalId)).toEqual(['Role3']);
    expect(model.findByPath('TaskRole', 'AWS::S3::Bucket')).toEqual([]);
  });

  it('follows Ref, GetAtt and synthetic values back to logical ids', () => {
    expect(model.targetOf({ Ref: 'AssetsBucket1' })).toBe('AssetsBucket1');
    expect(model.targetOf({ 'Fn::GetAtt': ['Role3', 'Arn'] })).toBe('Role3');
    expect(model.targetOf(model.resource('AssetsPolicy2')!.props.Bucket)).toBe('AssetsBucket1');
    expect(model.targetOf({ Ref: 'Nope' })).toBeUndefined();
    expect(model.targetOf('some literal')).toBeUndefined();
  });

  it('builds findings that carry the construct path and the learner’s line', () => {
    expect(model.finding('Role3', 'too broad', 'narrow it')).toEqual({
      message: 'too broad',
      logicalId: 'Role3',
      constructPath: 'Lab/TaskRole/Resource',
      location: { file: 'stack.ts', line: 12, column: 5 },
      hint: 'narrow it',
    });
    expect(model.describe('Role3')).toBe('TaskRole');
    expect(model.describe('Unknown9')).toBe('Unknown9');
  });
});
