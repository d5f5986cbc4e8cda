'use strict';
// The only process that runs the learner's code. The grader (engine/synth/isolated.ts) starts it
// under Node's permission model — read access to the workspace and the runner's node_modules,
// write access to one scratch folder, no child processes, a scrubbed environment, a heap limit —
// and kills it after one synthesis or when its time is up. This process decides nothing: it
// leaves a cloud assembly in the scratch folder and the grader reads, validates and judges it.
//
// Plain CommonJS on purpose: it starts without a build step or a TypeScript loader, whether the
// runner runs from source (tests) or from dist/. It is the same for every command that
// synthesizes (check, watch, start, grade, deploy), so an app cannot tell a grade from a synth.
//
// Protocol (IPC): → {type:'ready'} after aws-cdk-lib is loaded; ← {type:'job', ...}; then
// → {type:'done'} or {type:'failed', error}. The grader kills this process after either.

const Module = require('node:module');
const { writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');

// Kept before the learner's code runs: it may replace process.send or JSON.stringify.
const send = process.send.bind(process);
const stringify = JSON.stringify;
const cdkPath = process.env.ECS_LAB_CDK;
delete process.env.ECS_LAB_CDK;
const cdk = require(cdkPath);
const { App, Stack, Stage, CfnResource, AssetStaging } = cdk;

process.on('message', (msg) => {
  if (!msg || msg.type !== 'job') return;
  run(msg).then(
    () => send({ type: 'done' }),
    (e) => send({ type: 'failed', error: describeThrown(e) }),
  );
});
// An error thrown later (a timer, a promise nobody awaited) is still the app's error.
process.on('uncaughtException', (e) => send({ type: 'failed', error: describeThrown(e) }));
process.on('unhandledRejection', (e) => {
  const error = describeThrown(e, 'an unhandled promise rejection');
  error.message = `an unhandled promise rejection: ${error.message}`;
  send({ type: 'failed', error });
});
send({ type: 'ready' });

async function run(job) {
  process.chdir(job.workspaceDir); // relative asset paths resolve as with `cdk synth`
  AssetStaging.clearAssetHashCache();
  // CDK records where each construct was created from a stack trace; resources made lazily
  // inside CDK (a grant's DefaultPolicy) sit deeper than Node's default 10 frames.
  Error.stackTraceLimit = 50;
  const exports = loadBundle(require('node:fs').readFileSync(job.bundleFile, 'utf8'), job.entryFile);
  const app = new App({
    outdir: job.outdir,
    // CDK's own CloudFormation validation prints on every synth; the lab's checks judge instead.
    builtinCloudFormationValidation: false,
    // Asset metadata names each nested stack's template file, as it does under the CDK CLI.
    context: { 'aws:cdk:enable-path-metadata': true, 'aws:cdk:enable-asset-metadata': true },
  });
  const primary = await instantiate(exports, app, job);
  try {
    app.synth({ force: true });
  } catch (e) {
    try {
      e.labCode = e.labCode || 'E_SYNTH';
    } catch {
      // a frozen or primitive thrown value: reported as thrown
    }
    throw e;
  }
  writeFileSync(job.resultFile, stringify({ primary: primary ? primary.artifactId : undefined, origins: origins(app) }));
  // A promise the app rejected without handling surfaces on a later turn: as under `cdk synth`,
  // where it ends the process, it is the app's error.
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
}

/** Evaluates the CommonJS bundle under the entry's own file name, as `ts-node stack.ts` would. */
function loadBundle(code, filename) {
  const mod = new Module(filename);
  mod.filename = filename;
  mod.paths = [];
  mod.require = Module.createRequire(filename);
  mod._compile(code, filename);
  return mod.exports;
}

/** The entry exports a Stack subclass, or a function of the App that creates (or returns) stacks. */
async function instantiate(exports, app, job) {
  const fns = Object.entries(exports || {}).filter(([, v]) => typeof v === 'function');
  const isStackClass = (f) => f.prototype instanceof Stack;
  const cls = fns.find(([, f]) => isStackClass(f));
  if (cls) return new cls[1](app, job.stackName);
  const fn = fns.find(([name, f]) => (name === 'default' || name === 'createStack') && !isStackClass(f));
  if (!fn) {
    throw labError('E_NO_EXPORT', `${job.entry} exports no Stack subclass and no default function that creates a stack — export your stack class (\`export class MyStack extends Stack\`)`);
  }
  const returned = await fn[1](app, job.stackName);
  if (returned instanceof Stack) return returned;
  return app.node.findAll().find((c) => Stack.isStack(c));
}

/** For every resource: its template (relative to the assembly), logical id, path and creation trace. */
function origins(app) {
  const out = [];
  for (const c of app.node.findAll()) {
    if (!CfnResource.isCfnResource(c)) continue;
    const stack = Stack.of(c);
    const stage = Stage.of(stack) || app;
    const meta = c.node.metadata.find((m) => m.type === 'aws:cdk:creationStack');
    out.push({
      template: relative(app.outdir, join(stage.outdir, stack.templateFile)),
      logicalId: String(stack.resolve(c.logicalId)),
      path: c.node.path,
      trace: Array.isArray(meta && meta.data) ? meta.data.map(String) : [],
    });
  }
  return out;
}

function labError(code, message) {
  const e = new Error(message);
  e.labCode = code;
  return e;
}

/** Whatever was thrown — an Error, a string, Object.create(null), a Proxy that throws — as plain data. */
function describeThrown(e, what) {
  const safe = (f, fallback) => {
    try {
      const v = f();
      return typeof v === 'string' ? v : fallback;
    } catch {
      return fallback;
    }
  };
  const isError = safe(() => (e instanceof Error ? 'yes' : 'no'), 'no') === 'yes';
  const message = isError
    ? safe(() => String(e.message), 'an error whose message cannot be read')
    : safe(() => (typeof e === 'string' ? e : `${what || 'a thrown value'} that is not an Error (${safe(() => String(e), 'it cannot even be printed')})`), 'a thrown value that cannot be printed');
  return {
    message: message.slice(0, 4000),
    stack: isError ? safe(() => String(e.stack), '').slice(0, 20000) : '',
    code: isError ? safe(() => e.labCode, undefined) : undefined,
    errno: isError ? safe(() => e.code, undefined) : undefined,
    resource: isError ? safe(() => e.resource, undefined) : undefined,
  };
}
