import { describe, expect, it } from 'vitest';
import { LabError } from '../errors';
import { parseCfnYaml, SHORT_FORMS } from './yaml-template';

const value = (text: string) => parseCfnYaml(text, 't.yaml').value as Record<string, unknown>;

describe('parseCfnYaml: short forms become the long form', () => {
  it('reads every scalar short form', () => {
    expect(
      value(
        [
          'a: !Ref Bucket',
          'b: !GetAtt Bucket.Arn',
          'c: !GetAtt Db.Endpoint.Address',
          'd: !Sub "arn:${AWS::Partition}:s3:::x"',
          'e: !ImportValue SharedVpc',
          'f: !GetAZs ""',
          'g: !Condition IsProd',
          'h: !Base64 hello',
        ].join('\n'),
      ),
    ).toEqual({
      a: { Ref: 'Bucket' },
      b: { 'Fn::GetAtt': ['Bucket', 'Arn'] },
      c: { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] },
      d: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::x' },
      e: { 'Fn::ImportValue': 'SharedVpc' },
      f: { 'Fn::GetAZs': '' },
      g: { Condition: 'IsProd' },
      h: { 'Fn::Base64': 'hello' },
    });
  });

  it('reads sequence and mapping forms, nested inside each other', () => {
    expect(
      value(
        [
          'a: !If [IsProd, !Ref Big, !Ref AWS::NoValue]',
          'b: !Join [",", [!Ref A, !GetAtt [B, Arn]]]',
          'c: !Select [0, !GetAZs ""]',
          'd: !Split [",", !ImportValue Subnets]',
          'e: !FindInMap [Map, !Ref AWS::Region, Ami]',
          'f: !Cidr [!GetAtt Vpc.CidrBlock, 6, 8]',
          'g: !Equals [!Ref Env, prod]',
          'h: !And [!Condition A, !Not [!Condition B]]',
          'i: !Or [!Equals [a, b], !Condition C]',
          'j: !Sub',
          '  - "${Name}-x"',
          '  - Name: !Ref AWS::StackName',
          'k: !Base64 {"Fn::Sub": "x"}',
        ].join('\n'),
      ),
    ).toEqual({
      a: { 'Fn::If': ['IsProd', { Ref: 'Big' }, { Ref: 'AWS::NoValue' }] },
      b: { 'Fn::Join': [',', [{ Ref: 'A' }, { 'Fn::GetAtt': ['B', 'Arn'] }]] },
      c: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
      d: { 'Fn::Split': [',', { 'Fn::ImportValue': 'Subnets' }] },
      e: { 'Fn::FindInMap': ['Map', { Ref: 'AWS::Region' }, 'Ami'] },
      f: { 'Fn::Cidr': [{ 'Fn::GetAtt': ['Vpc', 'CidrBlock'] }, 6, 8] },
      g: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
      h: { 'Fn::And': [{ Condition: 'A' }, { 'Fn::Not': [{ Condition: 'B' }] }] },
      i: { 'Fn::Or': [{ 'Fn::Equals': ['a', 'b'] }, { Condition: 'C' }] },
      j: { 'Fn::Sub': ['${Name}-x', { Name: { Ref: 'AWS::StackName' } }] },
      k: { 'Fn::Base64': { 'Fn::Sub': 'x' } },
    });
  });

  it('covers the short forms the brief names', () => {
    for (const tag of ['!Ref', '!Sub', '!GetAtt', '!If', '!Join', '!Select', '!Split', '!FindInMap', '!ImportValue', '!Base64', '!Cidr', '!GetAZs', '!Equals', '!And', '!Or', '!Not', '!Condition']) {
      expect(SHORT_FORMS[tag], tag).toBeDefined();
    }
  });

  it("leaves untagged values and YAML's own tags as they are", () => {
    expect(value('a: 1\nb: "1"\nc: !!str 5\nd: [x, y]\ne: null')).toEqual({ a: 1, b: '1', c: '5', d: ['x', 'y'], e: null });
  });

  it('expands anchors and aliases', () => {
    expect(value('a: &tags [{Key: k, Value: !Ref V}]\nb: *tags')).toEqual({ a: [{ Key: 'k', Value: { Ref: 'V' } }], b: [{ Key: 'k', Value: { Ref: 'V' } }] });
  });

  it('finds the line of each resource', () => {
    const { resourcePositions } = parseCfnYaml('Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n\n  Role:\n    Type: AWS::IAM::Role\n', 't.yaml');
    expect(Object.fromEntries(resourcePositions)).toEqual({ Bucket: { line: 2, column: 3 }, Role: { line: 5, column: 3 } });
  });
});

describe('parseCfnYaml: what it refuses', () => {
  const error = (text: string) => {
    try {
      parseCfnYaml(text, 't.yaml');
    } catch (e) {
      return e;
    }
    throw new Error('did not throw');
  };

  it('an unknown tag, naming it and its line', () => {
    const e = error('Resources:\n  B:\n    Type: !Foo AWS::S3::Bucket\n');
    expect(e).toBeInstanceOf(LabError);
    expect((e as LabError).code).toBe('E_SYNTAX');
    expect((e as LabError).message).toMatch(/^t\.yaml:3:\d+: unknown YAML tag !Foo/);
  });

  it('invalid YAML, with its line', () => {
    expect((error('a: [1, 2\nb: c') as LabError).message).toMatch(/^t\.yaml:\d+:\d+: not valid YAML/);
  });

  it('!GetAtt without an attribute', () => {
    expect((error('a: !GetAtt Bucket') as LabError).message).toMatch(/!GetAtt needs Resource.Attribute/);
  });

  it('two tags on one node (CloudFormation wants the long form for one of them)', () => {
    expect((error('a: !Base64 !Sub x') as LabError).message).toMatch(/^t\.yaml:1:\d+: not valid YAML: A node can have at most one tag/);
  });

  it('duplicate keys', () => {
    expect(error('a: 1\na: 2')).toBeInstanceOf(LabError);
  });

  it('an alias bomb, instead of expanding it', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    expect((error(lines.join('\n')) as LabError).message).toMatch(/expands YAML aliases more than/);
  });
});
