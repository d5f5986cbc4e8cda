import { describe, expect, it } from 'vitest';
import { LabError } from '../errors';
import { notCloudFormation, parseTemplateText } from './template-file';

describe('notCloudFormation', () => {
  it('accepts Resources whose every entry has a Type string', () => {
    expect(notCloudFormation({ Resources: { B: { Type: 'AWS::S3::Bucket' } } })).toBeUndefined();
  });

  it.each([
    [[1, 2], 'it is not a mapping'],
    [{ name: 'my-package', version: '1.0.0' }, 'it has no Resources'],
    [{ Resources: [] }, 'its Resources is not a mapping'],
    [{ Resources: {} }, 'its Resources is empty'],
    [{ Resources: { B: { Properties: {} } } }, 'resource B has no Type string'],
    [{ Resources: { B: { Type: 3 } } }, 'resource B has no Type string'],
  ])('%j is not CloudFormation: %s', (value, why) => {
    expect(notCloudFormation(value)).toBe(why);
  });
});

describe('parseTemplateText', () => {
  it('reads JSON, with resource lines', () => {
    const t = parseTemplateText('{\n  "Resources": {\n    "B": { "Type": "AWS::S3::Bucket" }\n  }\n}', 't.json', '.json');
    expect(t.template.Resources?.B.Type).toBe('AWS::S3::Bucket');
    expect(t.resourcePositions.get('B')).toEqual({ line: 3, column: 5 });
  });

  it('reads YAML with short forms', () => {
    const t = parseTemplateText('Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub "${AWS::StackName}-b"\n', 't.yaml', '.yaml');
    expect(t.template.Resources?.B.Properties).toEqual({ BucketName: { 'Fn::Sub': '${AWS::StackName}-b' } });
  });

  it('tells JSON from YAML by content when the extension does not say', () => {
    expect(parseTemplateText('{"Resources":{"B":{"Type":"AWS::S3::Bucket"}}}', 'template', '').template.Resources?.B.Type).toBe('AWS::S3::Bucket');
    expect(parseTemplateText('Resources:\n  B:\n    Type: AWS::S3::Bucket\n', 'template', '').template.Resources?.B.Type).toBe('AWS::S3::Bucket');
  });

  it('refuses JSON or YAML that is not CloudFormation, and broken JSON', () => {
    expect(() => parseTemplateText('{"name": "pkg", "version": "1.0.0"}', 'package.json', '.json')).toThrow(/package\.json is not a CloudFormation template: it has no Resources/);
    expect(() => parseTemplateText('services:\n  web:\n    image: nginx\n', 'compose.yaml', '.yaml')).toThrow(/compose\.yaml is not a CloudFormation template/);
    const broken = () => parseTemplateText('{"Resources": ', 't.json', '.json');
    expect(broken).toThrow(LabError);
    expect(broken).toThrow(/t\.json: not valid JSON/);
  });
});
