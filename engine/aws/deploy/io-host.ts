// The toolkit's messages in the runner's UI. toolkit-lib reports everything it does to an IoHost
// as messages with stable codes; its default host auto-approves security-sensitive deploys and
// destroys, so this one asks the person (through the Approver) for every request that wants a
// yes or no, and shows a line per resource event with the failing resource's reason.
import type { IIoHost, IoMessage, IoRequest } from '@aws-cdk/toolkit-lib';
import type { StackEvent } from '@aws-sdk/client-cloudformation';
import type { Io } from '../../cli/io';
import { firstLine, type Approver } from './approval';

/** Message codes of toolkit-lib 1.43 (lib/api/io/private/messages.d.ts) this host renders specially. */
export const CODES = {
  /** StackActivity: one CloudFormation stack event during deploy or destroy. */
  stackActivity: 'CDK_TOOLKIT_I5502',
  /** DeployConfirmationRequest: IAM or security-group changes need approval. */
  deployConfirm: 'CDK_TOOLKIT_I5060',
  /** Destroy confirmation. */
  destroyConfirm: 'CDK_TOOLKIT_I7010',
} as const;

/** A resource event as one line: `CREATE_FAILED  AWS::ECS::Service  Service  reason`. */
export function eventLine(io: Io, e: StackEvent): string {
  const status = e.ResourceStatus ?? '';
  const paint = /FAILED/.test(status) ? io.color.red : /COMPLETE$/.test(status) && !/ROLLBACK/.test(status) ? io.color.green : /ROLLBACK/.test(status) ? io.color.yellow : io.color.dim;
  const reason = /FAILED/.test(status) && e.ResourceStatusReason ? ` — ${e.ResourceStatusReason}` : '';
  return `  ${paint(status.padEnd(22))} ${(e.ResourceType ?? '').padEnd(40)} ${e.LogicalResourceId ?? ''}${reason}`;
}

const lastLine = (text: string): string => text.trim().split('\n').at(-1)?.trim() ?? '';

export class LabIoHost implements IIoHost {
  /** The first error an approval threw (no terminal, no --yes): the deploy's own error is replaced by it. */
  refusal: unknown;
  /** Resource events that failed, for the final one-line error. */
  readonly failures: StackEvent[] = [];
  readonly asked: string[] = [];

  constructor(
    private readonly io: Io,
    private readonly approve: Approver,
    private readonly verbose = false,
  ) {}

  async notify(msg: IoMessage<unknown>): Promise<void> {
    if (msg.code === CODES.stackActivity) {
      const event = (msg.data as { event?: StackEvent } | undefined)?.event;
      if (!event) return;
      if (/FAILED/.test(event.ResourceStatus ?? '') && event.ResourceStatusReason) this.failures.push(event);
      this.io.out(eventLine(this.io, event));
      return;
    }
    if (msg.level === 'error') this.io.err(`${this.io.color.red('✗')} ${firstLine(msg.message)}`);
    else if (msg.level === 'warn') this.io.err(`${this.io.color.yellow('!')} ${firstLine(msg.message)}`);
    else if (msg.level === 'result' || (msg.level === 'info' && this.verbose)) this.io.out(`  ${msg.message}`);
  }

  async requestResponse<T>(msg: IoRequest<unknown, T>): Promise<T> {
    // Only yes/no requests are approvals; others (e.g. a choice the toolkit has a safe default for) keep it.
    if (typeof msg.defaultResponse !== 'boolean') return msg.defaultResponse;
    if (this.refusal) return false as T;
    this.asked.push(msg.message);
    if (msg.code === CODES.deployConfirm) this.io.out(msg.message); // the security diff the person is asked about
    try {
      // The toolkit's question is the message's last line; the lines above it (a diff) were shown.
      return (await this.approve(lastLine(msg.message) || 'Continue?')) as T;
    } catch (e) {
      this.refusal = e;
      return false as T;
    }
  }
}
