import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { isRootUser, nonRootUser } from './non-root-user';
import { goodApp, imageStack, type ImageStackOptions } from './test-stack';

const check = (files: Record<string, string>, opts: ImageStackOptions = {}) => checkStack(nonRootUser, imageStack(goodApp(files), opts));
const messages = async (files: Record<string, string>, opts: ImageStackOptions = {}) => (await check(files, opts)).findings.map((f) => f.message);
const twoStage = (finalTail: string) => `FROM node:24 AS build\nRUN npm ci\nFROM node:24-slim\nCOPY --from=build /app /app\n${finalTail}`;

describe('docker.non-root-user', () => {
  it('Compliance 1: USER node in the final stage', async () => {
    expect((await check({})).status).toBe('pass');
  });

  it('Compliance 2: USER inherited from the stage the final stage builds on', async () => {
    const r = await check({ Dockerfile: 'FROM node:24-slim AS base\nUSER node\nFROM node:24 AS build\nRUN npm ci\nFROM base\nCOPY --from=build /app /app\n' });
    expect(r.status).toBe('pass');
  });

  it('Compliance 3: USER from an ARG default, and numeric uid:gid', async () => {
    expect((await check({ Dockerfile: twoStage('ARG APP_USER=node\nUSER ${APP_USER}\n') })).status).toBe('pass');
    expect((await check({ Dockerfile: twoStage('USER 1000:1000\n') })).status).toBe('pass');
  });

  it('Compliance 4: a distroless :nonroot base needs no USER line', async () => {
    const r = await check({ Dockerfile: 'FROM node:24 AS build\nRUN npm ci\nFROM gcr.io/distroless/nodejs24-debian12:nonroot\nCOPY --from=build /app /app\n' });
    expect(r.status).toBe('pass');
  });

  it('Compliance 5: the task definition names a non-root user too', async () => {
    expect((await check({}, { container: { user: '1000' } })).status).toBe('pass');
  });

  it('Noncompliance 1: no USER at all runs as root', async () => {
    expect(await messages({ Dockerfile: twoStage('CMD ["node", "x.js"]\n') })).toEqual([
      expect.stringMatching(/container web of Task: app\/Dockerfile:3: the final stage sets no USER, so the container runs as root \(the default of `node:24-slim`\)/),
    ]);
  });

  it('Noncompliance 2: USER root, USER 0 and USER 0:0', async () => {
    expect(await messages({ Dockerfile: twoStage('USER root\n') })).toEqual([expect.stringMatching(/app\/Dockerfile:5: USER root runs the container as root/)]);
    expect(await messages({ Dockerfile: twoStage('USER 0\n') })).toEqual([expect.stringMatching(/USER 0 runs the container as root/)]);
    expect(await messages({ Dockerfile: twoStage('USER 0:0\n') })).toEqual([expect.stringMatching(/USER 0:0 runs the container as root/)]);
  });

  it('Noncompliance 3: the last USER wins', async () => {
    expect(await messages({ Dockerfile: twoStage('USER node\nRUN echo\nUSER root\nCMD ["node", "x.js"]\n') })).toEqual([expect.stringMatching(/:7: USER root/)]);
  });

  it('Noncompliance 4: USER only in the build stage does not carry into the final stage', async () => {
    const r = await check({ Dockerfile: 'FROM node:24 AS build\nUSER node\nRUN npm ci\nFROM node:24-slim\nCOPY --from=build /app /app\n' });
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/:4: the final stage sets no USER/)]);
  });

  it('Noncompliance 5: the container definition switches the user back to root', async () => {
    const r = await check({}, { container: { user: 'root' } });
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/the container definition sets user "root"/)]);
    expect(r.findings[0].constructPath).toBe('Test/Task/Resource');
  });

  it('Noncompliance 6: USER from a variable without a value', async () => {
    expect(await messages({ Dockerfile: twoStage('ARG APP_UID\nUSER $APP_UID\n') })).toEqual([expect.stringMatching(/USER \$APP_UID depends on \$APP_UID, which has no value/)]);
  });

  it('Noncompliance 7: a build arg sets the user to root', async () => {
    expect(await messages({ Dockerfile: twoStage('ARG APP_USER=node\nUSER ${APP_USER}\n') }, { asset: { buildArgs: { APP_USER: 'root' } } })).toEqual([
      expect.stringMatching(/USER root runs the container as root/),
    ]);
  });

  it('tells root users apart', () => {
    expect(['root', '0', '0:0', 'root:root', '000', ' 0 '].every(isRootUser)).toBe(true);
    expect(['node', '1000', '1000:0', 'app:root', 'nobody'].some(isRootUser)).toBe(false);
  });
});
