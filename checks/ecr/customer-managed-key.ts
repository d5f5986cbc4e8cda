// Which KMS key a resource's `KmsKeyId`/`KmsKey` property names, and whether it is a customer
// managed key: one of the stack's AWS::KMS::Key resources, or a key ARN/id from outside. An
// `alias/aws/...` name is an AWS managed key, whose policy nobody can narrow and whose use
// CloudTrail cannot tell apart per application.
import type { StackModel } from '../../engine/model/model';
import { referencedId } from '../../engine/model/iam';

export type KeyVerdict =
  | { kind: 'none' }
  | { kind: 'aws-managed'; name: string }
  | { kind: 'customer'; logicalId?: string; arn: string; rotates?: boolean };

export function keyVerdict(model: StackModel, raw: unknown): KeyVerdict {
  if (raw === undefined || raw === null || raw === '') return { kind: 'none' };
  const keyId = referencedId(model, raw, 'AWS::KMS::Key');
  if (keyId) {
    return { kind: 'customer', logicalId: keyId, arn: String(model.resolve({ 'Fn::GetAtt': [keyId, 'Arn'] })), rotates: model.resource(keyId)!.props.EnableKeyRotation === true };
  }
  const value = String(model.resolve(raw));
  if (/(^|:)alias\/aws\//.test(value)) return { kind: 'aws-managed', name: value.slice(value.indexOf('alias/')) };
  return { kind: 'customer', arn: value };
}
