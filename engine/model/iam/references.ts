// Which resource of the stack a property value points at. model.targetOf covers raw Ref/GetAtt
// and the synthetic strings the resolver handed out; this adds the cases IAM properties meet:
// a role without a RoleName (whose Ref resolves to its bare logical id, which targetOf does not
// map back) and names or ARNs written as literals.
import type { StackModel } from '../model';

export function referencedId(model: StackModel, raw: unknown, type: string): string | undefined {
  const ofType = (id: string | undefined) => (id && model.resource(id)?.type === type ? id : undefined);
  const direct = ofType(model.targetOf(raw));
  if (direct) return direct;
  const value = typeof raw === 'string' ? raw : model.resolve(raw);
  if (typeof value !== 'string') return undefined;
  const owner = ofType(model.resolver.ownerOf(value)) ?? ofType(model.resource(value) ? value : undefined);
  if (owner) return owner;
  return model
    .ofType(type)
    .find((r) => model.resolve({ Ref: r.logicalId }) === value || model.resolve({ 'Fn::GetAtt': [r.logicalId, 'Arn'] }) === value)?.logicalId;
}
