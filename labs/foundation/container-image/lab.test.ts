// What this lab promises beyond the shared contract (labs/contract.test.ts): the break's findings
// point at the Dockerfile lines and app/.dockerignore, the second break fails exactly its checks,
// and a "fix" that drops the image build fails.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChecksOnApp } from '../../../engine/checking/run-on-app';
import { layOutVariant, runVariant } from '../../../engine/testing/lab-harness';
import { labFolder } from '../../../engine/workspace/workspace';
import { gradeAll } from '../../../engine/questions/grade';
import { loadQuestions } from '../../../engine/questions/load';
import { WorkspaceSynthesizer } from '../../../engine/synth';
import lab from './lab';

const failing = (results: { id: string; status: string }[]) => results.filter((r) => r.status !== 'pass').map((r) => `${r.id}:${r.status}`).sort();

describe('lab foundation/container-image', () => {
  it('the default break fails every docker check, each naming app/Dockerfile or the context', async () => {
    const run = await runVariant(lab, 'starter', lab.defaultBreak);
    const messages = run.results.flatMap((r) => r.findings.map((f) => f.message)).join('\n');
    expect(messages).toMatch(/app\/Dockerfile:\d+: the image is built in a single stage/);
    expect(messages).toMatch(/app\/Dockerfile:\d+: ENV API_KEY looks like a secret/);
    expect(messages).toMatch(/staged from app\/ contains \.env, node_modules\//);
    // Dockerfile findings sit on the learner's Dockerfile line and still name the task definition.
    const docker = run.results.find((r) => r.id === 'docker.non-root-user')!;
    expect(docker.findings[0].location).toEqual({ file: 'app/Dockerfile', line: expect.any(Number), column: 1 });
    expect(docker.findings[0].constructPath).toMatch(/TaskDef/);
    // Findings about the build context sit in app/.dockerignore, the file to change.
    const ignore = run.results.find((r) => r.id === 'docker.dockerignore')!;
    expect(ignore.findings.map((f) => f.location?.file)).toEqual(['app/.dockerignore', 'app/.dockerignore']);
  }, 120_000);

  it('the second break (debug-tools-in-prod) fails exactly the checks it names, and the task check', async () => {
    const brk = lab.breaks.find((b) => b.id === 'debug-tools-in-prod')!;
    const run = await runVariant(lab, 'starter', brk.id);
    expect(failing(run.results)).toEqual([...brk.breaks, ...(lab.taskChecks ?? [])].map((id) => `${id}:fail`).sort());
  }, 120_000);

  it('swapping the built image for a registry image does not pass the docker checks', async () => {
    const dir = layOutVariant(lab, 'solution');
    const stack = join(dir, 'stack.ts');
    const text = readFileSync(stack, 'utf8');
    const swapped = text.replace("ecs.ContainerImage.fromAsset(path.join(__dirname, 'app'))", "ecs.ContainerImage.fromRegistry('nginx:1.27-alpine')");
    expect(swapped).not.toBe(text);
    writeFileSync(stack, swapped);
    const synth = await new WorkspaceSynthesizer(dir, lab.entry, lab.stackName).run();
    const results = await runChecksOnApp(lab.checks, { ...synth, workspaceDir: dir }).finally(() => synth.dispose());
    expect(failing(results)).toEqual(lab.breaks[0].breaks.map((id) => `${id}:fail`).sort());
  }, 120_000);
});
