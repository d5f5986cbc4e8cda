import { describe, expect, it } from 'vitest';
import { immutableTags } from './immutable-tags';
import { messages, repoTemplate, run } from './fixtures';

const exclusion = (value: string) => [{ ImageTagMutabilityExclusionFilterType: 'WILDCARD', ImageTagMutabilityExclusionFilterValue: value }];

describe('ecr.immutable-tags', () => {
  it('Compliance 1: IMMUTABLE', async () => {
    expect((await run(immutableTags, repoTemplate({ repo: { ImageTagMutability: 'IMMUTABLE' } }))).status).toBe('pass');
  });

  it('Compliance 2: immutable except latest, while the service runs a version tag', async () => {
    const t = repoTemplate({ repo: { ImageTagMutability: 'IMMUTABLE_WITH_EXCLUSION', ImageTagMutabilityExclusionFilters: exclusion('latest') } });
    expect((await run(immutableTags, t)).status).toBe('pass');
  });

  it('Noncompliance 1: the default (mutable)', async () => {
    const r = await run(immutableTags, repoTemplate());
    expect(messages(r)).toEqual([expect.stringMatching(/^repository Repo has mutable tags \(MUTABLE\)/)]);
  });

  it('Noncompliance 2: the service runs a tag that the exclusion leaves mutable', async () => {
    const t = repoTemplate({ tag: 'latest', repo: { ImageTagMutability: 'IMMUTABLE_WITH_EXCLUSION', ImageTagMutabilityExclusionFilters: exclusion('lat*') } });
    expect(messages(await run(immutableTags, t))).toEqual([expect.stringMatching(/runs the mutable tag latest/)]);
  });

  it('MUTABLE_WITH_EXCLUSION passes only when every tag the service runs is an immutable exception', async () => {
    const t = (tag: string) => repoTemplate({ tag, repo: { ImageTagMutability: 'MUTABLE_WITH_EXCLUSION', ImageTagMutabilityExclusionFilters: exclusion('v*') } });
    expect((await run(immutableTags, t('v1.4.2'))).status).toBe('pass');
    expect((await run(immutableTags, t('main'))).status).toBe('fail');
  });
});
