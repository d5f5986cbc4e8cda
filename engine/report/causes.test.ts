import { describe, expect, it } from 'vitest';
import { causeOf, sharedCauses } from './causes';
import { check, makeReport } from './test-fixtures';

const role = { constructPath: 'Lab/AppRole/Resource', logicalId: 'AppRole1' };
const admin = (service: string) => ({ ...role, message: `task role AppRole can ${service}:Put, ${service}:Delete on ${service}: allowed by statement #1 of AWS managed policy AdministratorAccess` });

describe('shared causes', () => {
  it('names the policy and the construct a finding is about', () => {
    expect(causeOf(admin('s3'))).toEqual({ key: 'AWS managed policy AdministratorAccess|AppRole', label: 'AWS managed policy AdministratorAccess on AppRole' });
    expect(causeOf({ ...role, message: 'task role AppRole has the AWS managed policy AdministratorAccess, which is admin-level' })?.label).toBe(
      'AWS managed policy AdministratorAccess on AppRole',
    );
    // A finding that names no policy has no cause to fold under.
    expect(causeOf({ ...role, message: 'task definition TaskDef uses one role as both' })).toBeUndefined();
  });

  it('folds one policy across checks, counts per check, and says what it implies', () => {
    const report = makeReport([
      check({ id: 'iam.a', status: 'fail', findings: [admin('s3'), admin('ec2'), { ...role, message: 'role AppRole can also act in 400 other services: allowed by statement #1 of AWS managed policy AdministratorAccess' }] }),
      check({ id: 'iam.b', status: 'fail', findings: [admin('s3'), admin('iam')] }),
      check({ id: 'iam.c', status: 'fail', findings: [{ message: 'unrelated' }] }),
    ]);
    const causes = [...sharedCauses(report).values()];
    expect(causes).toHaveLength(1);
    expect(causes[0].total).toBe(5);
    expect(causes[0].byCheck.map((b) => [b.checkId, b.findings.length])).toEqual([['iam.a', 3], ['iam.b', 2]]);
    expect(causes[0].implies).toBe('AppRole can use ec2, iam, s3 and 400 other services');
  });

  it('leaves a cause of fewer findings than the threshold unfolded', () => {
    const report = makeReport([check({ id: 'iam.a', status: 'fail', findings: [admin('s3'), admin('ec2'), admin('iam')] })]);
    expect(sharedCauses(report).size).toBe(0);
    expect(sharedCauses(report, 3).size).toBe(1);
  });
});
