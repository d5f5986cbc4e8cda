// Tests only: aws-sdk-client-mock with the types loosened. The mock library is typed against
// another @smithy/types version than the installed clients, so its generics refuse them even
// though the runtime fits; this keeps the casts in one place instead of in every test.
import { mockClient } from 'aws-sdk-client-mock';

/** What tests use of an aws-sdk-client-mock stub. `on` chains resolves/rejects/…Once as usual. */
export interface SdkStub {
  on(command: unknown, input?: unknown, strict?: boolean): any;
  onAnyCommand(input?: unknown, strict?: boolean): any;
  calls(): Array<{ args: [{ input: unknown; constructor: { name: string } }] }>;
  commandCalls(command: unknown): Array<{ args: [{ input: any }] }>;
  reset(): SdkStub;
  restore(): void;
}

/** Mocks every instance of an SDK client class (or one instance). */
export function mockSdk(client: unknown): SdkStub {
  return mockClient(client as any) as unknown as SdkStub;
}
