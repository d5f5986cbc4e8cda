import { defineCheck } from '../../engine/types';

/** The keys an asset inventory needs by default: who answers for it, and how sensitive its data is. */
export const DEFAULT_KEYS = ['owner', 'data-classification'];

/**
 * The resource types an asset inventory lists for an ECS service: what runs it and what holds its
 * data. (Each has a `Tags` property in CloudFormation; ECS.13–15 ask it of services, clusters and
 * task definitions.)
 */
const INVENTORY_TYPES = [
  'AWS::ECS::Cluster',
  'AWS::ECS::Service',
  'AWS::ECS::TaskDefinition',
  'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'AWS::S3::Bucket',
  'AWS::Logs::LogGroup',
  'AWS::ECR::Repository',
  'AWS::SecretsManager::Secret',
  'AWS::KMS::Key',
];

interface Params {
  keys: string[];
}

/** Every inventory resource carries each required tag key with a value. */
export const requiredTags = defineCheck<Params>({
  id: 'compliance.required-tags',
  title: 'Every resource that runs the service or holds its data is tagged for the inventory',
  severity: 'low',
  why:
    'SOC 2 asks you to know your information assets: what exists, who owns it, and how sensitive its data is. Tags put ' +
    'that on the resource itself, so the inventory, cost reports and access rules (attribute-based access control) read ' +
    'the same answer. An untagged bucket is one nobody will be asked about.',
  refs: {
    securityHub: ['ECS.13', 'ECS.14', 'ECS.15'],
    soc2: ['CC6.1', 'C1.1'],
    awsConfig: ['required-tags'],
    docs: ['https://docs.aws.amazon.com/whitepapers/latest/tagging-best-practices/tagging-best-practices.html'],
  },
  params(raw) {
    const keys = raw.keys ?? DEFAULT_KEYS;
    if (!Array.isArray(keys) || keys.length === 0 || !keys.every((k) => typeof k === 'string' && k)) throw new Error('compliance.required-tags: keys must be a non-empty list of tag keys');
    return { keys: keys as string[] };
  },
  offline({ model, params }) {
    const assets = model.resources().filter((r) => INVENTORY_TYPES.includes(r.type));
    if (assets.length === 0) return { status: 'skip', reason: 'the stack has none of the resources an inventory lists' };
    const findings = assets.flatMap((r) => {
      const tags = tagsOf(r.props.Tags);
      const missing = params.keys.filter((k) => !tags.get(k));
      return missing.length ? [model.finding(r.logicalId, `${model.describe(r.logicalId)} (${r.type}) has no ${missing.join(', ')} tag`, `Tag it, e.g. Tags.of(this).add('${missing[0]}', '…') in the stack.`)] : [];
    });
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});

/** Tags as CloudFormation writes them: a list of { Key, Value } (most types) or a map. */
export function tagsOf(tags: unknown): Map<string, string> {
  if (Array.isArray(tags)) return new Map(tags.map((t: any) => [String(t?.Key), String(t?.Value ?? '')]));
  if (tags && typeof tags === 'object') return new Map(Object.entries(tags).map(([k, v]) => [k, String(v ?? '')]));
  return new Map();
}
