// The aws target's bad input through the real `lab` binary: one line, exit 2, no stack trace, the
// workspace untouched and nothing sent to AWS beyond "who am I". STS is a local fake endpoint
// (AWS_ENDPOINT_URL_STS), so no test reaches real AWS.
import { createServer, type Server } from 'node:http';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLab, treeDigest, type LabRun } from '../testing/run-lab';

let pristine: string;
let sts: Server;
let stsUrl: string;
const requests: string[] = [];

beforeAll(async () => {
  const home = mkdtempSync(join(tmpdir(), 'ecs-lab-aws-'));
  const r = await runLab(['start', 'security/iam-roles'], { cwd: home });
  expect(r.code).toBe(0);
  pristine = join(home, 'ecs-labs', 'iam-roles');
  // A fake STS (query protocol, XML): every caller is account 999999999999. Anything else is recorded and refused.
  sts = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      requests.push(body);
      if (!body.includes('Action=GetCallerIdentity')) {
        res.writeHead(400).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/xml' }).end(
        `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::999999999999:user/someone</Arn><UserId>AIDEXAMPLE</UserId><Account>999999999999</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
      );
    });
  });
  await new Promise<void>((r) => sts.listen(0, '127.0.0.1', () => r()));
  const addr = sts.address();
  stsUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
}, 120_000);

afterAll(() => sts?.close());

function workspace(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'ecs-lab-aws-case-')), 'ecs-labs', 'iam-roles');
  cpSync(pristine, dir, { recursive: true });
  return dir;
}

/** No credentials anywhere: no env keys, no files, no instance metadata. */
const noCredentials = {
  AWS_ACCESS_KEY_ID: '',
  AWS_SECRET_ACCESS_KEY: '',
  AWS_SESSION_TOKEN: '',
  AWS_PROFILE: '',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
  AWS_CONFIG_FILE: '/nonexistent/config',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONTAINER_CREDENTIALS_FULL_URI: '',
  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '',
  AWS_WEB_IDENTITY_TOKEN_FILE: '',
  AWS_REGION: 'eu-west-1',
  ECS_LAB_ACCOUNTS: '111111111111',
};
const fakeCredentials = { ...noCredentials, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' };

async function untouched(args: string[], env: Record<string, string>, pattern: RegExp): Promise<LabRun> {
  const dir = workspace();
  const before = treeDigest(dir);
  const state = readFileSync(join(dir, '.lab', 'state.json'), 'utf8');
  const r = await runLab(args, { cwd: dir, env, timeoutMs: 60_000 });
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^✗ /);
  expect(lines[0]).toMatch(pattern);
  expect(treeDigest(dir)).toBe(before);
  expect(readFileSync(join(dir, '.lab', 'state.json'), 'utf8')).toBe(state);
  return r;
}

describe('lab deploy / destroy / sweep: bad input', () => {
  it('no credentials', async () => {
    await untouched(['deploy', '--yes'], noCredentials, /no valid AWS credentials .* — run `aws configure` or `aws sso login`/);
  }, 60_000);

  it('an account outside the allow-list: named, and nothing but GetCallerIdentity was asked', async () => {
    requests.length = 0;
    await untouched(['deploy', '--yes'], { ...fakeCredentials, AWS_ENDPOINT_URL_STS: stsUrl }, /account 999999999999 is not on the allow-list \(111111111111\)/);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((b) => b.includes('Action=GetCallerIdentity'))).toBe(true);
  }, 60_000);

  it('sweep refuses the same account', async () => {
    await untouched(['sweep', '--yes'], { ...fakeCredentials, AWS_ENDPOINT_URL_STS: stsUrl }, /account 999999999999 is not on the allow-list/);
  }, 60_000);

  it('a region without the lab services, and no region at all', async () => {
    await untouched(['deploy', '--region', 'cn-north-1'], fakeCredentials, /region "cn-north-1" cannot host the labs \(China and GovCloud/);
    await untouched(['deploy'], { ...fakeCredentials, AWS_REGION: '', AWS_DEFAULT_REGION: '' }, /no AWS region is set — pass --region/);
  }, 60_000);

  it('a workspace never deployed: destroy has nothing to do', async () => {
    await untouched(['destroy', '--yes'], fakeCredentials, /this workspace is not deployed/);
  }, 60_000);

  it('a bad --ttl and a bad allow-list file', async () => {
    await untouched(['deploy', '--ttl', 'forever'], fakeCredentials, /--ttl takes a duration/);
    const dir = workspace();
    writeFileSync(join(dirname(dir), 'ecs-lab.config.json'), '{"accounts": ["prod"]}');
    const r = await runLab(['deploy', '--yes'], { cwd: dir, env: fakeCredentials });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ecs-lab\.config\.json: accounts\.0: an AWS account id is 12 digits/);
  }, 60_000);
});
