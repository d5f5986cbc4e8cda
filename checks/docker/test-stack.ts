// For the docker check tests: a stack whose task definition builds its image from a temporary
// folder, laid out like a learner's workspace (<ws>/app/Dockerfile, App outdir <ws>/.lab/cdk.out).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';

export interface ImageStackOptions {
  /** Extra container definition options (user, environment, secrets…). */
  container?: Partial<ecs.ContainerDefinitionOptions>;
  /** Options for ContainerImage.fromAsset (file, buildArgs, target…). */
  asset?: ecs.AssetImageProps;
  /** Synthesize outside a workspace layout (no .lab/cdk.out), as a plain CDK app would. */
  noWorkspace?: boolean;
}

/** Writes files (paths relative to the app folder) and returns the workspace folder. */
export function writeApp(files: Record<string, string>): string {
  const ws = mkdtempSync(join(tmpdir(), 'ecs-lab-docker-'));
  for (const [rel, text] of Object.entries(files)) {
    const file = join(ws, 'app', rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return ws;
}

export function imageStack(files: Record<string, string>, opts: ImageStackOptions = {}): Stack {
  const ws = writeApp(files);
  const app = new App(opts.noWorkspace ? {} : { outdir: join(ws, '.lab', 'cdk.out') });
  const stack = new Stack(app, 'Test');
  const task = new ecs.FargateTaskDefinition(stack, 'Task');
  task.addContainer('web', {
    image: ecs.ContainerImage.fromAsset(join(ws, 'app'), opts.asset),
    portMappings: [{ containerPort: 8080 }],
    ...opts.container,
  });
  return stack;
}

/** A Dockerfile that passes every docker check. */
export const GOOD_DOCKERFILE = [
  'ARG NODE_VERSION=24',
  'FROM node:${NODE_VERSION}-bookworm AS build',
  'WORKDIR /app',
  'COPY package.json ./',
  'RUN npm install --omit=dev',
  'COPY src ./src',
  '',
  'FROM node:${NODE_VERSION}-bookworm-slim',
  'ENV NODE_ENV=production PORT=8080',
  'WORKDIR /app',
  'COPY --from=build /app ./',
  'USER node',
  'CMD ["node", "src/server.js"]',
  '',
].join('\n');

export const GOOD_DOCKERIGNORE = '.git\nnode_modules\n.env\n.env.*\n';

/** A good app folder; override or add files per test. */
export function goodApp(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    Dockerfile: GOOD_DOCKERFILE,
    '.dockerignore': GOOD_DOCKERIGNORE,
    'package.json': '{ "name": "app", "version": "1.0.0" }\n',
    'src/server.js': 'console.log("hi");\n',
    ...overrides,
  };
}
