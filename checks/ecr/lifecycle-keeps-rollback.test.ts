import { describe, expect, it } from 'vitest';
import { messages, repoTemplate, run } from './fixtures';
import { lifecycleKeepsRollback, parseRules } from './lifecycle-keeps-rollback';

const policy = (...rules: Record<string, unknown>[]) => ({
  LifecyclePolicy: { LifecyclePolicyText: JSON.stringify({ rules: rules.map((r, i) => ({ rulePriority: i + 1, action: { type: 'expire' }, ...r })) }) },
});
const untagged7days = { selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 7 } };
const keepAny = (n: number) => ({ selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: n } });

describe('ecr.lifecycle-keeps-rollback', () => {
  it('Compliance 1: untagged images expire after a week, the last 10 images are kept', async () => {
    expect((await run(lifecycleKeepsRollback, repoTemplate({ repo: policy(untagged7days, keepAny(10)) }))).status).toBe('pass');
  });

  it('Compliance 2: an age rule on tags the service never runs (pr-*) is fine', async () => {
    const prs = { selection: { tagStatus: 'tagged', tagPrefixList: ['pr-'], countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 } };
    expect((await run(lifecycleKeepsRollback, repoTemplate({ repo: policy(prs, keepAny(5)) }))).status).toBe('pass');
  });

  it('Noncompliance 1: no lifecycle policy at all', async () => {
    expect(messages(await run(lifecycleKeepsRollback, repoTemplate()))).toEqual([expect.stringMatching(/has no lifecycle policy/)]);
  });

  it('Noncompliance 2: keeping only the newest image leaves nothing to roll back to', async () => {
    const r = await run(lifecycleKeepsRollback, repoTemplate({ repo: policy(untagged7days, keepAny(1)) }));
    expect(messages(r)).toEqual(['repository Repo: rule 2 keeps only 1 of every image, fewer than the 3 a rollback needs']);
  });

  it('Noncompliance 3: tagged release images (v*) expired by age', async () => {
    const byAge = { selection: { tagStatus: 'tagged', tagPatternList: ['v*'], countType: 'sinceImagePushed', countUnit: 'days', countNumber: 30 } };
    expect(messages(await run(lifecycleKeepsRollback, repoTemplate({ repo: policy(byAge) })))).toEqual([expect.stringMatching(/rule 1 expires tagged images matching v\* 30 days after the push/)]);
  });

  it('a lab can ask to keep more, and rejects a keep that is not a count', async () => {
    expect((await run(lifecycleKeepsRollback, repoTemplate({ repo: policy(keepAny(5)) }), { keep: 10 })).status).toBe('fail');
    expect((await run(lifecycleKeepsRollback, repoTemplate(), { keep: 0 })).status).toBe('error');
  });

  it('reads a policy that is not JSON as invalid', () => {
    expect(parseRules('{rules:')).toBe('invalid');
    expect(parseRules(undefined)).toEqual([]);
  });
});
