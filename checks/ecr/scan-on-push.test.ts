import { describe, expect, it } from 'vitest';
import { messages, repoTemplate, run } from './fixtures';
import { scanOnPush } from './scan-on-push';

const registry = (ScanFrequency: string, Filter: string) => ({
  Scanning: { Type: 'AWS::ECR::RegistryScanningConfiguration', Properties: { ScanType: 'ENHANCED', Rules: [{ ScanFrequency, RepositoryFilters: [{ Filter, FilterType: 'WILDCARD' }] }] } },
});

describe('ecr.scan-on-push', () => {
  it('Compliance 1: the repository scans on push', async () => {
    expect((await run(scanOnPush, repoTemplate({ repo: { ImageScanningConfiguration: { ScanOnPush: true } } }))).status).toBe('pass');
  });

  it('Compliance 2: an enhanced registry rule whose filter matches the repository', async () => {
    expect((await run(scanOnPush, repoTemplate({ extra: registry('CONTINUOUS_SCAN', 'ecs-lab/*') }))).status).toBe('pass');
  });

  it('Noncompliance 1: no scanning at all, naming the repository', async () => {
    const r = await run(scanOnPush, repoTemplate());
    expect(r.status).toBe('fail');
    expect(messages(r)).toEqual(['repository Repo does not scan images on push, and no registry scanning rule covers it']);
    expect(r.findings[0].logicalId).toBe('Repo');
  });

  it('Noncompliance 2: a registry rule for other repositories, or one that only scans by hand', async () => {
    expect((await run(scanOnPush, repoTemplate({ extra: registry('SCAN_ON_PUSH', 'other/*') }))).status).toBe('fail');
    expect((await run(scanOnPush, repoTemplate({ extra: registry('MANUAL', '*') }))).status).toBe('fail');
  });

  it('skips a stack without a repository', async () => {
    expect((await run(scanOnPush, { Resources: {} })).status).toBe('skip');
  });
});
