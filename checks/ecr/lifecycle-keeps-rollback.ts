import type { StackModel } from '../../engine/model/model';
import { defineCheck, type Finding } from '../../engine/types';
import { noOtherParams } from '../iam/params';
import { imagesFrom, judgeRepositories, repoLabel, wildcardMatch } from './repositories';

const ID = 'ecr.lifecycle-keeps-rollback';

// The release a service runs plus the two before it: enough to roll back twice. A lab choice
// (no AWS number); a lab can ask for more with `keep`.
const DEFAULT_KEEP = 3;

interface Params {
  /** How many release images every rule must leave in place. */
  keep: number;
}

interface Rule {
  priority: number;
  tagStatus: string;
  prefixes: string[];
  patterns: string[];
  countType: string;
  countNumber: number;
  action: string;
}

/**
 * Every repository has a lifecycle policy (images do not pile up for ever) whose rules never
 * expire what a rollback needs: no rule that can select a release image (tagStatus any, or tagged
 * with a prefix or pattern matching a tag the service runs) keeps fewer than `keep` of them, and
 * none expires them by age, which would delete the running image after a quiet month.
 */
export const lifecycleKeepsRollback = defineCheck<Params>({
  id: ID,
  title: 'A lifecycle policy cleans up old images but keeps what a rollback needs',
  severity: 'medium',
  why:
    'Without a lifecycle policy every pushed image is stored (and paid for) for ever, and old images with known ' +
    'vulnerabilities stay pullable. A careless rule is worse: one that keeps only the newest image, or expires tagged ' +
    'images by age, deletes the image the previous task definition needs, so a rollback fails with ' +
    'CannotPullContainerError exactly when you need it.',
  refs: {
    securityHub: ['ECR.3'],
    docs: ['https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html', 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html'],
  },
  params(raw) {
    noOtherParams(ID, raw, ['keep']);
    const keep = raw.keep ?? DEFAULT_KEEP;
    if (typeof keep !== 'number' || !Number.isInteger(keep) || keep < 1) throw new Error(`${ID}: keep must be a whole number of images ≥ 1, got ${JSON.stringify(keep)}`);
    return { keep };
  },
  offline({ model, params }) {
    return judgeRepositories(model, (repo) => lifecycleFindings(model, repo.logicalId, repo.props.LifecyclePolicy, params.keep));
  },
});

function lifecycleFindings(model: StackModel, repoId: string, policy: Record<string, any> | undefined, keep: number): Finding[] {
  const label = repoLabel(model, repoId);
  const rules = parseRules(policy?.LifecyclePolicyText);
  if (rules === 'invalid') return [model.finding(repoId, `${label} has a lifecycle policy that is not valid JSON; ECR rejects it`, 'Let CDK write it: repository.addLifecycleRule({ ... }).')];
  if (rules.length === 0) {
    return [model.finding(repoId, `${label} has no lifecycle policy, so every image pushed is kept (and paid for) for ever`, `Add rules: expire untagged images after a few days, and keep the last ${keep} or more release images.`)];
  }
  const tags = imagesFrom(model, repoId).flatMap((i) => (i.tag ? [i.tag] : []));
  const findings: Finding[] = [];
  for (const rule of rules) {
    if (rule.action !== 'expire' || !selectsReleases(rule, tags)) continue;
    const which = rule.tagStatus === 'any' ? 'every image' : `tagged images${rule.prefixes.length || rule.patterns.length ? ` matching ${[...rule.prefixes.map((p) => `${p}*`), ...rule.patterns].join(', ')}` : ''}`;
    if (rule.countType === 'imageCountMoreThan') {
      if (rule.countNumber >= keep) continue;
      findings.push(model.finding(repoId, `${label}: rule ${rule.priority} keeps only ${rule.countNumber} of ${which}, fewer than the ${keep} a rollback needs`, `Keep at least ${keep}: maxImageCount: ${keep} or more.`));
    } else {
      findings.push(
        model.finding(
          repoId,
          `${label}: rule ${rule.priority} expires ${which} ${rule.countNumber} ${rule.countType === 'sinceImagePushed' ? 'days after the push' : `by ${rule.countType}`}, so a quiet month deletes the image the service runs`,
          'Expire release images by count (maxImageCount), never by age; age rules suit untagged images.',
        ),
      );
    }
  }
  return findings;
}

/** Could the rule select an image of a release the service runs (or ran)? */
function selectsReleases(rule: Rule, runningTags: string[]): boolean {
  if (rule.tagStatus === 'any') return true;
  if (rule.tagStatus !== 'tagged') return false;
  // With no tag known (an image by digest), any tagged rule may reach a release.
  if (runningTags.length === 0) return true;
  return runningTags.some((t) => rule.prefixes.some((p) => t.startsWith(p)) || rule.patterns.some((p) => wildcardMatch(p, t)));
}

/** The rules of a LifecyclePolicyText; `invalid` when it is not JSON. */
export function parseRules(text: unknown): Rule[] | 'invalid' {
  if (typeof text !== 'string' || text.trim() === '') return [];
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return 'invalid';
  }
  const rules = (doc as { rules?: unknown })?.rules;
  if (!Array.isArray(rules)) return 'invalid';
  return rules.map((r: any) => ({
    priority: Number(r?.rulePriority ?? 0),
    tagStatus: String(r?.selection?.tagStatus ?? 'any'),
    prefixes: Array.isArray(r?.selection?.tagPrefixList) ? r.selection.tagPrefixList.map(String) : [],
    patterns: Array.isArray(r?.selection?.tagPatternList) ? r.selection.tagPatternList.map(String) : [],
    countType: String(r?.selection?.countType ?? ''),
    countNumber: Number(r?.selection?.countNumber ?? 0),
    action: String(r?.action?.type ?? 'expire'),
  }));
}
