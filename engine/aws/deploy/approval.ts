// Every approval the aws target needs (the cost before a deploy, the toolkit's security and
// replacement prompts, a destroy, a sweep) goes through one function: asked on a terminal,
// given by --yes, and refused — never assumed — when nobody can be asked.
import { LabError } from '../../errors';
import type { Io } from '../../cli/io';

/** Resolves true when approved, false when the person said no; throws when nobody can answer. */
export type Approver = (question: string) => Promise<boolean>;

export function terminalApprover(io: Io): Approver {
  return async (question) => {
    if (io.yes) {
      io.out(`${io.color.dim('approved by --yes:')} ${firstLine(question)}`);
      return true;
    }
    if (!io.interactive) {
      throw new LabError('E_NO_TTY', `${firstLine(question)} needs your approval and there is no terminal to ask — run it again with --yes to approve; nothing was changed`);
    }
    const { confirm, isCancel } = await import('@clack/prompts');
    const ok = await confirm({ message: question, initialValue: false });
    return !isCancel(ok) && ok === true;
  };
}

export const firstLine = (text: string): string => text.split('\n')[0].trim();

/**
 * An Approver that remembers how it was answered, so a flow can tell "the person said no" from
 * "nobody could be asked" after the toolkit has turned either into its own abort error.
 */
export class Approvals {
  declined = false;
  refusal: unknown;
  readonly questions: string[] = [];

  constructor(private readonly inner: Approver) {}

  readonly approve: Approver = async (question) => {
    this.questions.push(question);
    try {
      const ok = await this.inner(question);
      if (!ok) this.declined = true;
      return ok;
    } catch (e) {
      this.refusal ??= e;
      throw e;
    }
  };
}
