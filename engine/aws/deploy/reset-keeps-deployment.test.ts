// `lab reset` restores files; it must not forget a stack that is still running in the account.
import { describe, expect, it } from 'vitest';
import { readState } from '../../workspace/state';
import { resetWorkspace } from '../../workspace/workspace';
import { ACCOUNT, LAB_ID, tempWorkspace } from '../testing/fixtures';

describe('lab reset and a deployed workspace', () => {
  it('keeps the deployment record and the aws target, even with --all', () => {
    const deployment = { stackName: 'IamRolesLab', account: ACCOUNT, region: 'eu-west-1', status: 'deployed' as const, startedAt: 't', expiresAt: 'e' };
    const ws = tempWorkspace({ target: 'aws', deployment });
    resetWorkspace(ws.dir, LAB_ID, { all: true });
    const state = readState(ws.dir);
    expect(state.deployment).toEqual(deployment);
    expect(state.target).toBe('aws');
    const offline = tempWorkspace();
    resetWorkspace(offline.dir, LAB_ID);
    expect(readState(offline.dir).deployment).toBeUndefined();
    expect(readState(offline.dir).target).toBe('offline');
  });
});
