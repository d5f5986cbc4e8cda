// Opens the deployed stack of a workspace for the live checks and breaks: region and profile as
// the deploy had them (or as given), the caller's account checked against the allow-list before
// any other call, then the stack read from CloudFormation. A workspace never deployed is one
// line and exit 2, with nothing called that changes the account.
import { LabError } from '../../errors';
import type { WorkspaceState } from '../../workspace/state';
import type { Workspace } from '../../workspace/workspace';
import { createClients, type AwsClients } from '../clients';
import { assertCallerAllowed, credentialError, isCredentialError, resolveTarget } from '../guard';
import { readDeployedStack, type DeployedStack } from './stack';

export interface AwsOptions {
  profile?: string;
  region?: string;
}

export interface LiveSession {
  clients: AwsClients;
  stack: DeployedStack;
  profile?: string;
}

/** What `lab deploy` recorded in the workspace state (engine/aws/deploy), if it deployed it. */
export function recordedDeployment(ws: Pick<Workspace, 'state'>): WorkspaceState['deployment'] {
  return ws.state.deployment;
}

/** The stack name a workspace deploys as: the recorded one, else the lab's. */
export function stackNameOf(ws: Pick<Workspace, 'state' | 'lab'>): string {
  return recordedDeployment(ws)?.stackName ?? ws.lab.stackName;
}

export async function openLiveSession(
  ws: Pick<Workspace, 'state' | 'lab' | 'dir'>,
  opts: AwsOptions & { stackName?: string; clients?: (target: { region: string; profile?: string }) => AwsClients; env?: NodeJS.ProcessEnv } = {},
): Promise<LiveSession> {
  const deployed = recordedDeployment(ws);
  // Never deployed from here: say so before any call (a stack named explicitly — a drift record's — is looked up).
  if (!deployed && !opts.stackName) {
    throw new LabError('E_NOT_DEPLOYED', 'this workspace is not deployed (never, or destroyed since) — run `lab deploy` first; nothing was changed');
  }
  const target = await resolveTarget({ region: opts.region ?? deployed?.region, profile: opts.profile ?? deployed?.profile, workspaceDir: ws.dir, env: opts.env });
  const clients = (opts.clients ?? createClients)(target);
  await assertCallerAllowed(clients.sts, ws.dir, target.profile, opts.env);
  try {
    return { clients, stack: await readDeployedStack(clients, opts.stackName ?? stackNameOf(ws)), profile: target.profile };
  } catch (e) {
    if (e instanceof LabError) throw e;
    if (isCredentialError(e)) throw credentialError(e, target.profile);
    throw e;
  }
}
