import { describe, expect, it } from 'vitest';
import { DEFAULT_ENV } from '../resolve';
import { actionPatternScope, actionsAtLevels, expandActionPattern, sampleResources, serviceActions } from './actions';

describe('action catalogue', () => {
  it('expands a pattern into the real actions with their access levels', async () => {
    const actions = await expandActionPattern('s3:GetObject*');
    const names = actions.map((a) => a.action);
    expect(names).toContain('s3:GetObject');
    expect(names).toContain('s3:GetObjectAcl');
    expect(names).not.toContain('s3:PutObject');
    expect(actions.find((a) => a.name === 'GetObject')?.levels).toEqual(['Read']);
  });

  it('knows which actions write or manage permissions', async () => {
    const writes = (await actionsAtLevels('s3', ['Write', 'Permissions management'])).map((a) => a.name);
    expect(writes).toEqual(expect.arrayContaining(['PutObject', 'DeleteObject', 'PutBucketPolicy', 'PutObjectAcl']));
    expect(writes).not.toContain('GetObject');
    const put = (await serviceActions('s3')).find((a) => a.name === 'PutBucketPolicy');
    expect(put?.levels).toContain('Permissions management');
    expect(put?.resourceTypes).toEqual(['bucket']);
  });

  it('tells service-wide and cross-service wildcards from narrow patterns', async () => {
    expect(await actionPatternScope('s3:*')).toMatchObject({ kind: 'service-wide', service: 's3' });
    expect(await actionPatternScope('S3:*')).toMatchObject({ kind: 'service-wide', service: 's3' });
    expect(await actionPatternScope('*')).toEqual({ kind: 'cross-service' });
    expect(await actionPatternScope('*:Get*')).toMatchObject({ kind: 'cross-service' });
    expect(await actionPatternScope('s3:Get*')).toMatchObject({ kind: 'narrow' });
    expect(await actionPatternScope('ecr:GetAuthorizationToken')).toMatchObject({ kind: 'narrow', matched: 1 });
  });

  it('flags actions and services that do not exist', async () => {
    expect(await actionPatternScope('s3:GetObjcet')).toMatchObject({ kind: 'no-such-action' });
    expect(await actionPatternScope('s4:GetObject')).toMatchObject({ kind: 'no-such-action', reason: expect.stringMatching(/no AWS service/) });
    expect(await actionPatternScope('GetObject')).toMatchObject({ kind: 'no-such-action' });
  });

  it('builds example ARNs for an action from the catalogue’s ARN formats', async () => {
    const [passRole] = await expandActionPattern('iam:PassRole');
    expect(await sampleResources(passRole, DEFAULT_ENV)).toEqual(['arn:aws:iam::123456789012:role/ecs-lab-probe']);
    const [token] = await expandActionPattern('ecr:GetAuthorizationToken');
    expect(await sampleResources(token, DEFAULT_ENV)).toEqual(['*']);
  });
});
