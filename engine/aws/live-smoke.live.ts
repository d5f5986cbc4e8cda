// The opt-in live smoke test (`npm run test:live`): the real `lab` command against a real AWS
// account. Needs ECS_LAB_LIVE=1, credentials, a region and ECS_LAB_ACCOUNTS naming the account;
// skipped otherwise, and never run by CI (it is outside the default vitest include).
// It deploys one cheap lab, checks the stack carries the lab tags, destroys it, and checks it is
// gone — destroying in `finally` whatever happened, so a failed run leaves nothing billing.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requireLab, slugOf } from '../catalogue/catalogue';
import { runLab } from '../testing/run-lab';
import { createClients } from './clients';
import { describeStack } from './deploy/cloudformation';
import { TAG_EXPIRES, TAG_LAB, TAG_WORKSPACE } from './deploy/tags';
import { resolveTarget } from './guard';

const LIVE = process.env.ECS_LAB_LIVE === '1';
/** A lab whose stack is cheap and quick to create and delete; override with ECS_LAB_LIVE_LAB. */
const LAB = process.env.ECS_LAB_LIVE_LAB ?? 'security/iam-roles';
/** A deploy and a destroy of a lab with a VPC and NAT gateways take up to ~20 minutes each. */
const STEP_MS = 30 * 60 * 1000;

describe.skipIf(!LIVE)(`live smoke: deploy and destroy ${LAB}`, () => {
  const root = mkdtempSync(join(tmpdir(), 'ecs-lab-live-'));
  const ws = join(root, slugOf(requireLab(LAB)));
  const stackName = requireLab(LAB).stackName;
  let deployed = false;

  afterAll(async () => {
    if (deployed) await runLab(['destroy', '--yes'], { cwd: ws, timeoutMs: STEP_MS });
  }, STEP_MS);

  it('lab doctor --target aws finds the account ready', async () => {
    const r = await runLab(['doctor', '--target', 'aws'], { cwd: root, timeoutMs: 120_000 });
    expect(r.stdout).toMatch(/✓ account \d{12} is on the allow-list/);
    expect(r.stdout).toMatch(/✓ CDK bootstrap version \d+/);
  }, 120_000);

  it('lab start --target aws deploys it, tagged', async () => {
    const r = await runLab(['start', LAB, '--target', 'aws', '--yes', '--ttl', '1h', '--dir', root], { cwd: root, timeoutMs: STEP_MS });
    deployed = true;
    expect(r.code, r.stderr).toBe(0);
    const target = await resolveTarget({ workspaceDir: ws });
    const stack = await describeStack(createClients(target).cloudformation, stackName);
    expect(stack?.status).toMatch(/^(CREATE|UPDATE)_COMPLETE$/);
    expect(stack?.tags[TAG_LAB]).toBe(LAB);
    expect(stack?.tags[TAG_WORKSPACE]).toBe(ws);
    expect(Date.parse(stack?.tags[TAG_EXPIRES] ?? '')).toBeGreaterThan(Date.now());
  }, STEP_MS);

  it('lab destroy removes it, and running it again says there is nothing to destroy', async () => {
    const r = await runLab(['destroy', '--yes'], { cwd: ws, timeoutMs: STEP_MS });
    expect(r.code, r.stderr).toBe(0);
    deployed = false;
    const target = await resolveTarget({ workspaceDir: ws });
    const stack = await describeStack(createClients(target).cloudformation, stackName);
    expect(stack === undefined || stack.status === 'DELETE_COMPLETE').toBe(true);
    const again = await runLab(['destroy', '--yes'], { cwd: ws });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/not deployed/);
  }, STEP_MS);
});
