import { describe, expect, it } from 'vitest';
import { checkBlueGreen, checkWithoutService } from './fixtures';
import { migrationBeforeShift } from './migration-before-shift';

const P = { migratesDatabase: true };
const messages = (r: { findings: { message: string }[] }) => r.findings.map((f) => f.message);

describe('bluegreen.migration-before-shift', () => {
  it('Compliance 1: a PRE_SCALE_UP hook whose role may run the migration task and pass its role', async () => {
    expect((await checkBlueGreen(migrationBeforeShift, {}, P)).status).toBe('pass');
  });

  it('Compliance 2: RunTask granted on every task definition (wildcard) still runs the migration task', async () => {
    const r = await checkBlueGreen(migrationBeforeShift, { migrateGrants: [{ Action: ['ecs:RunTask', 'iam:PassRole'], Resource: '*' }] }, P);
    expect(r.status).toBe('pass');
  });

  it('Noncompliance 1: no PRE_SCALE_UP hook (the migration is left to the app\'s start-up)', async () => {
    const r = await checkBlueGreen(migrationBeforeShift, { hooks: [{ stages: ['POST_TEST_TRAFFIC_SHIFT'] }] }, P);
    expect(messages(r)).toEqual(['service Service has no lifecycle hook at PRE_SCALE_UP: no migration runs before the release\'s tasks start']);
  });

  it('Noncompliance 2: the hook may run tasks but not pass the migration task\'s role', async () => {
    const r = await checkBlueGreen(migrationBeforeShift, { migrateGrants: [{ Action: 'ecs:RunTask', Resource: { Ref: 'MigrationTask' } }] }, P);
    expect(messages(r)).toEqual([expect.stringMatching(/cannot run a migration task: function MigrateHook may not run \(ecs:RunTask and iam:PassRole of its roles\)/)]);
  });

  it('Noncompliance 3: the hook may only run the service\'s own task definition', async () => {
    const r = await checkBlueGreen(migrationBeforeShift, { migrateGrants: [{ Action: 'ecs:RunTask', Resource: { Ref: 'TaskDef' } }] }, P);
    expect(r.status).toBe('fail');
  });

  it('Noncompliance 4: the PRE_SCALE_UP hook calls the smoke-test function, which may run nothing', async () => {
    const r = await checkBlueGreen(migrationBeforeShift, { hooks: [{ stages: ['PRE_SCALE_UP'], fn: 'SmokeHook' }] }, P);
    expect(messages(r)).toEqual([expect.stringMatching(/function SmokeHook may not run/)]);
  });

  it('skips a stack without a service, or when the lab says no schema changes; needs the parameter', async () => {
    expect((await checkWithoutService(migrationBeforeShift, P)).status).toBe('skip');
    expect((await checkBlueGreen(migrationBeforeShift, { hooks: [] }, { migratesDatabase: false })).status).toBe('skip');
    expect((await checkBlueGreen(migrationBeforeShift)).status).toBe('error');
  });
});
