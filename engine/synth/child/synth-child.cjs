'use strict';
// The only process that runs the learner's code. The grader (engine/synth/isolated.ts) starts it
// under Node's permission model — read access to the workspace and the runner's node_modules,
// write access to one scratch folder, no child processes, a scrubbed environment, a heap limit —
// with the network closed (no-network.cjs)
// and kills it after one synthesis or when its time is up. This process decides nothing: it
// leaves a cloud assembly in the scratch folder and the grader reads, validates and judges it.
//
// Plain CommonJS on purpose: it starts without a build step or a TypeScript loader, whether the
// runner runs from source (tests) or from dist/. It is the same for every command that
// synthesizes (check, watch, start, grade, deploy), so an app cannot tell a grade from a synth.
//
// Protocol (IPC): → {type:'ready'} after aws-cdk-lib is loaded; ← {type:'job', ...}; then
// → {type:'done'} or {type:'failed', error}. The grader kills this process after either.
// A job with mode 'app' (`lab audit`) runs an entry that builds its own App (runOwnApp).

const Module = require('node:module');
const { writeFileSync } = require('node:fs');
const { dirname, join, relative } = require('node:path');

// Kept before the learner's code runs: it may replace process.send or JSON.stringify.
const send = process.send.bind(process);
const stringify = JSON.stringify;
const cdkPath = process.env.ECS_LAB_CDK;
delete process.env.ECS_LAB_CDK;
const cdk = require(cdkPath);
const { App, Stack, Stage, CfnResource, AssetStaging } = cdk;

// aws-cdk-lib loads a module's classes only when they are first touched. These are the ones
// nearly every lab's stack uses: loading them now, while the grader type-checks and bundles (or,
// in watch mode, before the next save), takes about half a second off the synthesis. The same
// for every command, so it tells the app nothing about why it is synthesized.
const COMMON_MODULES = ['aws-ec2', 'aws-iam', 'aws-ecs', 'aws-elasticloadbalancingv2', 'aws-logs'];
for (const name of COMMON_MODULES) {
  try {
    const mod = require(join(dirname(cdkPath), name));
    for (const key of Object.keys(mod)) void mod[key];
  } catch {
    // a module this aws-cdk-lib does not have: the app loads what it needs itself
  }
}

// No way out to the network from here on: the learner's code loads only after this.
require('./no-network.cjs').closeNetwork();

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
  if (job.mode === 'app') return runOwnApp(job);
  const exports = loadBundle(require('node:fs').readFileSync(job.bundleFile, 'utf8'), job.entryFile);
  await synthExports(exports, job);
}

/** Asset metadata names each nested stack's template file, as it does under the CDK CLI. */
const ASSEMBLY_CONTEXT = { 'aws:cdk:enable-path-metadata': true, 'aws:cdk:enable-asset-metadata': true };

/** The lab's way: the engine owns the App and the entry exports a Stack subclass or a function of it. */
async function synthExports(exports, job) {
  const app = new App({
    outdir: job.outdir,
    // CDK's own CloudFormation validation prints on every synth; the lab's checks judge instead.
    builtinCloudFormationValidation: false,
    context: ASSEMBLY_CONTEXT,
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
  await settle();
}

/** A promise the app rejected without handling surfaces on a later turn: as under `cdk synth`,
 *  where it ends the process, it is the app's error. */
async function settle() {
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
}

const APP_INIT_HOOK = Symbol.for('@aws-cdk/core.App#initHook');

/**
 * `lab audit`'s way: a CDK app as it is, whose entry builds its own App (`new App()` … and
 * `app.synth()`, or nothing and the CDK CLI's automatic synth before exit). As under the CDK CLI,
 * the App reads its output folder (CDK_OUTDIR: the scratch folder) and context (CDK_CONTEXT_JSON:
 * cdk.json's and cdk.context.json's, given by the grader) from the environment. An entry that
 * builds no App but exports a stack is synthesized the lab's way.
 */
async function runOwnApp(job) {
  process.env.CDK_OUTDIR = job.outdir;
  process.env.CDK_CONTEXT_JSON = stringify({ ...(job.context || {}), ...ASSEMBLY_CONTEXT });
  const apps = [];
  // aws-cdk-lib calls this hook from every App's constructor (core/lib/app.js).
  globalThis[APP_INIT_HOOK] = (app) => apps.push(app);
  const baseline = activeResources();
  const exports = loadBundle(require('node:fs').readFileSync(job.bundleFile, 'utf8'), job.entryFile);
  const synthed = () => apps.filter((a) => a.alreadySynthed === true);
  // Wait as Node would before exiting: until the app has synthesized, or has nothing left to do
  // (no handle or request beyond the ones this process had before it loaded). The grader's
  // wall-clock limit bounds an app that keeps itself busy.
  let exitEmitted = false;
  for (;;) {
    await new Promise((resolve) => setImmediate(resolve));
    if (synthed().length > 0) break;
    if (!idle(baseline)) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      continue;
    }
    if (apps.length === 0 || exitEmitted) break;
    // The CDK CLI's App synthesizes itself on 'beforeExit' (autoSynth, on when CDK_OUTDIR is set).
    exitEmitted = true;
    try {
      process.emit('beforeExit', 0);
    } catch (e) {
      try {
        e.labCode = e.labCode || 'E_SYNTH';
      } catch {
        // a frozen or primitive thrown value: reported as thrown
      }
      throw e;
    }
  }
  delete process.env.CDK_OUTDIR;
  if (apps.length === 0) {
    const exported = Object.values(exports || {}).some((v) => typeof v === 'function');
    if (exported) return synthExports(exports, job);
    throw labError('E_NO_EXPORT', `${job.entry} builds no CDK App and exports no stack — a CDK app's entry does \`new App()\`, adds its stacks and calls \`app.synth()\``);
  }
  const done = synthed();
  if (done.length === 0) {
    throw labError('E_NO_EXPORT', `${job.entry} builds a CDK App but never synthesizes it — call \`app.synth()\` at the end of the entry`);
  }
  const notes = done.flatMap((app) => origins(app));
  writeFileSync(job.resultFile, stringify({ origins: notes }));
  await settle();
}

function activeResources() {
  const counts = new Map();
  for (const r of process.getActiveResourcesInfo()) counts.set(r, (counts.get(r) || 0) + 1);
  return counts;
}

/** No more active handles or requests than before the app was loaded. */
function idle(baseline) {
  for (const [kind, n] of activeResources()) if (n > (baseline.get(kind) || 0)) return false;
  return true;
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
