// The ECR repositories of a stack and the images its task definitions run from them. The ECR
// checks judge every repository of the stack; the tags the containers run tell which tags a
// rollback needs and which tags must never move.
import type { ModelResource, StackModel } from '../../engine/model/model';
import type { CheckOutcome, Finding } from '../../engine/types';
import { runTaskDefinitions } from '../docker/image-assets';

export const REPOSITORY = 'AWS::ECR::Repository';

/** A container image a task definition runs from one of the stack's repositories. */
export interface RepositoryImage {
  taskDefinitionId: string;
  container: string;
  /** The tag it runs (`v1.4.2`); undefined when it runs a digest. */
  tag?: string;
  digest?: string;
}

/** `123456789012.dkr.ecr.us-east-1.amazonaws.com/web`: where the repository's images live. */
export function repositoryUri(model: StackModel, repoId: string): string {
  return String(model.resolve({ 'Fn::GetAtt': [repoId, 'RepositoryUri'] }));
}

export function repositoryName(model: StackModel, repoId: string): string {
  return String(model.resolve({ Ref: repoId }));
}

/** Every container of a task definition the stack runs whose image comes from this repository. */
export function imagesFrom(model: StackModel, repoId: string): RepositoryImage[] {
  const uri = repositoryUri(model, repoId);
  const out: RepositoryImage[] = [];
  for (const td of runTaskDefinitions(model)) {
    for (const def of (td.props.ContainerDefinitions ?? []) as Record<string, any>[]) {
      const image = typeof def.Image === 'string' ? def.Image : '';
      if (!image.startsWith(`${uri}:`) && !image.startsWith(`${uri}@`)) continue;
      const rest = image.slice(uri.length);
      out.push({
        taskDefinitionId: td.logicalId,
        container: String(def.Name ?? 'container'),
        tag: rest.startsWith(':') ? rest.slice(1).split('@')[0] : undefined,
        digest: rest.includes('@') ? rest.slice(rest.indexOf('@') + 1) : undefined,
      });
    }
  }
  return out;
}

/** ECR's filters and tag patterns: `*` matches any run of characters, nothing else is special. */
export function wildcardMatch(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(value);
}

/** Runs a judgement over every repository of the stack; no repository is a skip (nothing to judge). */
export function judgeRepositories(model: StackModel, judge: (repo: ModelResource) => Finding[]): CheckOutcome {
  const repos = model.ofType(REPOSITORY);
  if (repos.length === 0) return { status: 'skip', reason: 'the stack has no ECR repository' };
  const findings = repos.flatMap(judge);
  return findings.length ? { status: 'fail', findings } : { status: 'pass' };
}

/** `repository Repo` (with its name when it has one): how findings name it. */
export function repoLabel(model: StackModel, repoId: string): string {
  return `repository ${model.describe(repoId)}`;
}
