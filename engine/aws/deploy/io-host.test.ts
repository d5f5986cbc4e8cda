import { describe, expect, it } from 'vitest';
import { LabError } from '../../errors';
import { captureIo } from '../testing/fixtures';
import { Approvals, terminalApprover } from './approval';
import { CODES, LabIoHost } from './io-host';

const msg = (over: Record<string, unknown>) => ({ time: new Date(), level: 'info', action: 'deploy', message: '', data: undefined, ...over }) as never;

describe('LabIoHost', () => {
  it('a line per resource event; a failure carries its resource and reason and is kept for the error', async () => {
    const io = captureIo();
    const host = new LabIoHost(io, async () => true);
    const event = (status: string, reason?: string) =>
      host.notify(msg({ code: CODES.stackActivity, data: { event: { LogicalResourceId: 'Service', ResourceType: 'AWS::ECS::Service', ResourceStatus: status, ResourceStatusReason: reason } } }));
    await event('CREATE_IN_PROGRESS', 'Resource creation Initiated');
    await event('CREATE_FAILED', 'Resource handler returned message: "Invalid request provided: CreateService error: Not Found"');
    expect(io.lines).toEqual([
      '  CREATE_IN_PROGRESS     AWS::ECS::Service                        Service',
      '  CREATE_FAILED          AWS::ECS::Service                        Service — Resource handler returned message: "Invalid request provided: CreateService error: Not Found"',
    ]);
    expect(host.failures.map((e) => e.LogicalResourceId)).toEqual(['Service']);
  });

  it('shows errors and warnings, hides debug chatter', async () => {
    const io = captureIo();
    const host = new LabIoHost(io, async () => true);
    await host.notify(msg({ level: 'debug', message: 'Reading cached notices' }));
    await host.notify(msg({ level: 'info', message: 'Deploying IamRolesLab' }));
    await host.notify(msg({ level: 'warn', message: 'The stack has drifted\nmore' }));
    await host.notify(msg({ level: 'error', message: '❌  IamRolesLab failed: ValidationError' }));
    expect(io.lines).toEqual([]);
    expect(io.errors).toEqual(['! The stack has drifted', '✗ ❌  IamRolesLab failed: ValidationError']);
  });

  it('asks every yes/no request, keeps the default of other requests, and refuses (never approves) without a terminal', async () => {
    const io = captureIo({ interactive: false, yes: false });
    const approvals = new Approvals(terminalApprover(io));
    const host = new LabIoHost(io, approvals.approve);
    const answer = await host.requestResponse(msg({ code: CODES.destroyConfirm, message: 'Are you sure you want to delete: IamRolesLab?', defaultResponse: true }));
    expect(answer).toBe(false);
    expect(host.refusal).toBeInstanceOf(LabError);
    expect((host.refusal as LabError).code).toBe('E_NO_TTY');
    expect(approvals.refusal).toBe(host.refusal);
    expect(await host.requestResponse(msg({ code: 'CDK_TOOLKIT_I9210', message: 'Delete assets?', defaultResponse: 'no' }))).toBe('no');
  });

  it('--yes approves, and says so', async () => {
    const io = captureIo({ yes: true });
    const host = new LabIoHost(io, terminalApprover(io));
    expect(await host.requestResponse(msg({ code: CODES.deployConfirm, message: 'diff…\nDo you wish to deploy these changes?', defaultResponse: true }))).toBe(true);
    expect(io.lines.at(-1)).toBe('approved by --yes: Do you wish to deploy these changes?');
  });
});
