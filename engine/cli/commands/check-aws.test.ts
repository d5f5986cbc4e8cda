// `lab check` and `lab break` options of the aws target that are refused as usage errors, before
// any workspace, synthesis or AWS call.
import { describe, expect, it } from 'vitest';
import { captureIo } from '../../aws/testing/fixtures';
import { check } from './check';
import { applyBreakCommand } from './reset';

describe('--target aws usage', () => {
  it('lab check --watch --target aws is refused (the deployed stack does not follow saves)', async () => {
    await expect(check(captureIo(), { watch: true, target: 'aws' })).rejects.toMatchObject({ code: 'E_USAGE', message: expect.stringMatching(/--watch/) });
  });

  it('--profile or --region without --target aws is refused rather than ignored', async () => {
    await expect(check(captureIo(), { profile: 'lab' })).rejects.toMatchObject({ code: 'E_USAGE', message: expect.stringMatching(/add --target aws/) });
    await expect(check(captureIo(), { region: 'eu-west-1', target: 'offline' })).rejects.toMatchObject({ code: 'E_USAGE' });
  });

  it('lab break outside a workspace says where to go, whatever the target', async () => {
    await expect(applyBreakCommand({ ...captureIo(), cwd: '/' }, 'x', { target: 'aws' })).rejects.toMatchObject({ code: 'E_NOT_WORKSPACE' });
  });
});
