import type { StackModel } from '../../engine/model/model';
import { defineCheck, type Finding } from '../../engine/types';
import { imagesFrom, judgeRepositories, repoLabel, wildcardMatch } from './repositories';

const HINT = 'Set imageTagMutability: ecr.TagMutability.IMMUTABLE on the repository, and give every build a new tag (a version or the commit SHA).';

/**
 * Every repository's tags are immutable: IMMUTABLE, or IMMUTABLE_WITH_EXCLUSION as long as no tag
 * a task runs falls under an exclusion, or MUTABLE_WITH_EXCLUSION only when every tag a task runs
 * is one of the immutable exceptions.
 */
export const immutableTags = defineCheck({
  id: 'ecr.immutable-tags',
  title: 'Image tags cannot be overwritten',
  severity: 'medium',
  why:
    'With mutable tags, pushing `v1.4.2` again silently changes what every new task of the service runs: a ' +
    'scaled-out task may run other code than its neighbours, and a rollback to a tag may not bring back the ' +
    'image that worked. Immutable tags make a tag name one image for ever, so a task definition means one thing.',
  refs: {
    securityHub: ['ECR.2'],
    docs: ['https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html'],
  },
  offline({ model }) {
    return judgeRepositories(model, (repo) => mutabilityFindings(model, repo.logicalId, repo.props));
  },
});

function mutabilityFindings(model: StackModel, repoId: string, props: Record<string, any>): Finding[] {
  const mode = String(props.ImageTagMutability ?? 'MUTABLE');
  const filters = ((props.ImageTagMutabilityExclusionFilters ?? []) as Record<string, any>[]).map((f) => String(f.ImageTagMutabilityExclusionFilterValue ?? ''));
  const excluded = (tag: string) => filters.some((f) => wildcardMatch(f, tag));
  const tags = imagesFrom(model, repoId).flatMap((i) => (i.tag ? [i.tag] : []));
  const label = repoLabel(model, repoId);
  if (mode === 'IMMUTABLE') return [];
  if (mode === 'IMMUTABLE_WITH_EXCLUSION') {
    const moving = tags.filter(excluded);
    return moving.length ? [model.finding(repoId, `${label} is immutable except for ${filters.join(', ')}, and the service runs the mutable tag ${moving.join(', ')}`, HINT)] : [];
  }
  if (mode === 'MUTABLE_WITH_EXCLUSION' && tags.length > 0 && tags.every(excluded)) return [];
  return [model.finding(repoId, `${label} has mutable tags (${mode}): a push can replace the image behind a tag the service runs`, HINT)];
}
