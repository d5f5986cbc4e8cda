// Errors the learner can act on. Each has a stable code and a one-line message that names the
// problem and what to do next; the CLI prints it without a stack trace and exits with code 2.

export type LabErrorCode =
  | 'E_USAGE'
  | 'E_UNKNOWN_LAB'
  | 'E_NOT_WORKSPACE'
  | 'E_DIR_NOT_WORKSPACE'
  | 'E_STATE'
  | 'E_ENTRY_MISSING'
  | 'E_NO_EXPORT'
  | 'E_SYNTAX'
  | 'E_TYPE'
  | 'E_STACK_THREW'
  | 'E_SYNTH'
  | 'E_TIMEOUT'
  | 'E_OUT_OF_MEMORY'
  | 'E_APP_EXITED'
  | 'E_ASSEMBLY'
  | 'E_LAB_MISMATCH'
  | 'E_TOO_LARGE'
  | 'E_ANSWERS'
  | 'E_QUESTIONS'
  | 'E_NO_TTY'
  | 'E_CANCELLED'
  | 'E_LAB_DEFINITION'
  | 'E_INSTALL'
  | 'E_FAULT_PREREQ'
  | 'E_AWS_ACCOUNT'
  | 'E_AWS_CREDENTIALS'
  | 'E_AWS_REGION'
  | 'E_AWS_CONFIG'
  | 'E_NOT_DEPLOYED'
  | 'E_AWS'
  // Live breaks (engine/aws/breaks).
  | 'E_NO_EXPERIMENT'
  | 'E_DRIFT'
  // A workflow file of the workspace GitHub would reject (engine/model/workflow).
  | 'E_WORKFLOW';

export class LabError extends Error {
  readonly exitCode = 2;
  constructor(
    readonly code: LabErrorCode,
    message: string,
    /** Extra lines shown under the message (e.g. all type errors); never a stack trace. */
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'LabError';
  }
}

export function isLabError(e: unknown): e is LabError {
  return e instanceof LabError;
}
