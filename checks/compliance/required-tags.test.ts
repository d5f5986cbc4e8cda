import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { storesStack } from './fixtures';
import { requiredTags, tagsOf } from './required-tags';

describe('compliance.required-tags', () => {
  it('Compliance 1: owner and data-classification on every inventory resource', async () => {
    expect((await checkStack(requiredTags, storesStack())).status).toBe('pass');
  });

  it('Noncompliance 1: no data-classification, naming each resource', async () => {
    const r = await checkStack(requiredTags, storesStack({ tags: { owner: 'team-web' } }));
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toContain('AppLogs (AWS::Logs::LogGroup) has no data-classification tag');
    expect(r.findings.map((f) => f.message)).toContain('Alb (AWS::ElasticLoadBalancingV2::LoadBalancer) has no data-classification tag');
    // Key, log group, two buckets, repository, secret, load balancer: the VPC is not in the inventory.
    expect(r.findings).toHaveLength(7);
  });

  it('Noncompliance 2: the keys the lab names', async () => {
    const r = await checkStack(requiredTags, storesStack(), { keys: ['cost-center'] });
    expect(r.findings[0].message).toMatch(/has no cost-center tag$/);
  });

  it('rejects an empty key list', async () => {
    expect((await checkStack(requiredTags, storesStack(), { keys: [] })).status).toBe('error');
  });

  it('reads tags as a list or a map', () => {
    expect(tagsOf([{ Key: 'owner', Value: 'a' }]).get('owner')).toBe('a');
    expect(tagsOf({ owner: 'b' }).get('owner')).toBe('b');
    expect(tagsOf(undefined).size).toBe(0);
  });
});
