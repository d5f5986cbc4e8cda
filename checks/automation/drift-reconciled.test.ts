import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../engine/checking/run-checks';
import { offlineContext } from '../../engine/testing/offline-context';
import { driftReconciled, valueAt } from './drift-reconciled';

const SNAPSHOT = 'live/stack-drift.json';
const DRIFT = {
  StackResourceDrifts: [
    {
      LogicalResourceId: 'Service',
      ResourceType: 'AWS::ECS::Service',
      StackResourceDriftStatus: 'MODIFIED',
      PropertyDifferences: [
        { PropertyPath: '/DesiredCount', ExpectedValue: '2', ActualValue: '3', DifferenceType: 'NOT_EQUAL' },
        { PropertyPath: '/DeploymentConfiguration/DeploymentCircuitBreaker/Rollback', ExpectedValue: 'true', ActualValue: 'false', DifferenceType: 'NOT_EQUAL' },
      ],
    },
  ],
};
const PARAMS = {
  snapshot: SNAPSHOT,
  decisions: [
    { logicalId: 'Service', path: '/DesiredCount', decision: 'adopt' },
    { logicalId: 'Service', path: '/DeploymentConfiguration/DeploymentCircuitBreaker/Rollback', decision: 'revert' },
  ],
};

function judge(service: { desiredCount: number; rollback: boolean } | undefined, snapshot: unknown = DRIFT) {
  const stack = new Stack(new App(), 'Test');
  if (service) {
    new ecs.CfnService(stack, 'Service', {
      desiredCount: service.desiredCount,
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: service.rollback } },
    });
  }
  const dir = mkdtempSync(join(tmpdir(), 'ecs-lab-drift-'));
  if (snapshot !== null) {
    mkdirSync(join(dir, 'live'));
    writeFileSync(join(dir, SNAPSHOT), JSON.stringify(snapshot));
  }
  const { params: _p, ...base } = offlineContext(stack);
  return runCheck(driftReconciled, { ...base, workspaceDir: dir }, PARAMS);
}

describe('automation.drift-reconciled', () => {
  it('Compliance 1: the kept change is in the code, the rejected one is not', async () => {
    expect((await judge({ desiredCount: 3, rollback: true })).status).toBe('pass');
  });

  it('Noncompliance 1: nothing reconciled (the template as before the drift): the next deploy undoes the kept change', async () => {
    const r = await judge({ desiredCount: 2, rollback: true });
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/\/DesiredCount: the account has 3 .* the template says 2/)]);
    expect(r.findings[0].logicalId).toBe('Service');
  });

  it('Noncompliance 2: every live value copied into the code, the rejected rollback=false too', async () => {
    const r = await judge({ desiredCount: 3, rollback: false });
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/Rollback: the template now has the account’s false/)]);
  });

  it('Noncompliance 3: the drifted resource deleted from the code', async () => {
    expect((await judge(undefined)).findings[0].message).toMatch(/no longer in the template/);
  });

  it('Noncompliance 4: an edited snapshot cannot make a difference disappear; a missing one fails', async () => {
    const edited = { StackResourceDrifts: [{ ...DRIFT.StackResourceDrifts[0], PropertyDifferences: [DRIFT.StackResourceDrifts[0].PropertyDifferences[1]] }] };
    expect((await judge({ desiredCount: 2, rollback: true }, edited)).findings[0].message).toMatch(/no longer records the drift of Service\/DesiredCount/);
    expect((await judge({ desiredCount: 3, rollback: true }, null)).findings[0].message).toMatch(/is missing/);
  });

  it('valueAt follows JSON pointers, with ~1 and ~0 escapes', () => {
    expect(valueAt({ a: { 'b/c': { '~d': 1 } } }, '/a/b~1c/~0d')).toBe(1);
    expect(valueAt({ a: 1 }, '/a/b')).toBeUndefined();
  });
});
