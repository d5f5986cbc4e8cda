'use strict';
// Runs one deployment lifecycle hook function of the learner's stack, once, against a simulated
// green revision (engine/faults/hooks/run-hook.ts starts it). Like the synthesis child it runs
// learner code, so the parent starts it under Node's permission model (read the function's code,
// write nothing, no child processes), with a scrubbed environment (the function's own variables
// only), a heap limit and a wall-clock limit, and kills it after one answer. What it reports is
// only the hook's answer; the parent decides what that means.
//
// The network is the simulated green: `fetch`, `http` and `https` (what smoke tests use) answer
// every request as green would — 200 for a good release, 500 for a release that fails its
// requests — and every other way out (sockets, DNS) is closed, so a hook that needs AWS APIs
// (their SDK signs requests and expects AWS's answers) cannot be run offline: the parent then
// says so instead of guessing.
//
// Protocol (IPC): → {type:'ready'}; ← {type:'job', codeDir, file, exportName, green, event, timeoutMs};
// → {type:'done', result: {status, requests, message?}}.

const { join } = require('node:path');
const send = process.send.bind(process);

let requests = 0;
let green = 'bad';

// Every way out is closed first (the synthesis child's guard); then fetch answers as green would.
const { closeNetwork } = require('../../synth/child/no-network.cjs');
closeNetwork();
const greenAnswer = () => {
  requests++;
  const ok = green === 'good';
  return { status: ok ? 200 : 500, body: ok ? 'ok' : 'internal server error' };
};
globalThis.fetch = async function simulatedGreen() {
  const { status, body } = greenAnswer();
  return new Response(body, { status, headers: { 'content-type': 'text/plain' } });
};
// A smoke test written with http or https (`https.get(url, (res) => …)`) reaches green too.
const { EventEmitter } = require('node:events');
const { Readable } = require('node:stream');
function simulatedRequest(...args) {
  const callback = args.find((a) => typeof a === 'function');
  const req = new EventEmitter();
  let sent = false;
  req.write = () => true;
  req.setHeader = () => req;
  req.setTimeout = () => req;
  req.destroy = () => req;
  req.abort = () => undefined;
  req.end = () => {
    if (sent) return req;
    sent = true;
    process.nextTick(() => {
      const { status, body } = greenAnswer();
      const res = Readable.from([Buffer.from(body)]);
      res.statusCode = status;
      res.statusMessage = status === 200 ? 'OK' : 'Internal Server Error';
      res.headers = { 'content-type': 'text/plain' };
      res.setEncoding = function setEncoding(enc) {
        Readable.prototype.setEncoding.call(this, enc);
        return this;
      };
      if (callback) req.once('response', callback);
      req.emit('response', res);
    });
    return req;
  };
  return req;
}
for (const mod of [require('node:http'), require('node:https')]) {
  mod.request = simulatedRequest;
  mod.get = (...args) => simulatedRequest(...args).end();
}

// The hook's answer may depend on green alone: its runs differ only in what green answers, so
// the usual sources of chance and time are fixed (the same in every run). A hook that answered
// at random would otherwise pass a good release and fail a bad one now and then.
pinChanceAndTime();

function pinChanceAndTime() {
  let state = 0x2545f491;
  Math.random = function seeded() {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const crypto = require('node:crypto');
  const fill = (buf) => {
    for (let i = 0; i < buf.length; i++) buf[i] = Math.floor(Math.random() * 256);
    return buf;
  };
  crypto.randomBytes = (n, cb) => {
    const b = fill(Buffer.alloc(n));
    if (typeof cb === 'function') return process.nextTick(cb, null, b);
    return b;
  };
  crypto.randomFillSync = (buf) => fill(buf);
  crypto.randomInt = (a, b) => (b === undefined ? Math.floor(Math.random() * a) : a + Math.floor(Math.random() * (b - a)));
  crypto.randomUUID = () => '00000000-0000-4000-8000-000000000000';
  const webCrypto = globalThis.crypto;
  if (webCrypto) {
    Object.defineProperty(webCrypto, 'getRandomValues', { value: (arr) => fill(new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength)) && arr });
    Object.defineProperty(webCrypto, 'randomUUID', { value: () => '00000000-0000-4000-8000-000000000000' });
  }
  const NOW = Date.UTC(2026, 0, 1);
  const RealDate = Date;
  class FixedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(NOW);
      else super(...args);
    }
    static now() {
      return NOW;
    }
  }
  globalThis.Date = FixedDate;
  performance.now = () => 0;
  const hrtime = () => [0, 0];
  hrtime.bigint = () => 0n;
  process.hrtime = hrtime;
  process.uptime = () => 0;
  process.cpuUsage = () => ({ user: 0, system: 0 });
  process.memoryUsage = Object.assign(() => ({ rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 }), { rss: () => 0 });
}

function report(result) {
  send({ type: 'done', result: { ...result, requests } });
}
const describe = (e) => String((e && e.message) || e).slice(0, 500);
process.on('uncaughtException', (e) => report({ status: 'THREW', message: describe(e) }));
process.on('unhandledRejection', (e) => report({ status: 'THREW', message: describe(e) }));

process.on('message', (job) => {
  if (!job || job.type !== 'job') return;
  green = job.green;
  invoke(job).then(report, (e) => report({ status: 'THREW', message: describe(e) }));
});
send({ type: 'ready' });

/** Loads the handler as Lambda's Node.js runtime does (CommonJS, or an ES module), and calls it. */
async function invoke(job) {
  const path = join(job.codeDir, job.file);
  let mod;
  try {
    mod = require(path);
  } catch (e) {
    if (e && e.code !== 'ERR_REQUIRE_ESM') throw e;
    mod = await import(require('node:url').pathToFileURL(path).href);
  }
  const handler = mod && (mod[job.exportName] || (mod.default && mod.default[job.exportName]));
  if (typeof handler !== 'function') return { status: 'NO_HANDLER', message: `${job.file} exports no function ${job.exportName}` };
  // ECS calls the hook again while it answers IN_PROGRESS, handing back its hookDetails.
  let event = job.event;
  for (let call = 0; call < 5; call++) {
    const answer = await callHandler(handler, event, job.timeoutMs);
    const status = answer && typeof answer === 'object' ? String(answer.hookStatus) : 'NO_STATUS';
    if (status !== 'IN_PROGRESS') return { status };
    event = { ...event, hookDetails: answer.hookDetails };
  }
  return { status: 'IN_PROGRESS' };
}

function callHandler(handler, event, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  const context = {
    functionName: 'ecs-lab-hook',
    awsRequestId: 'ecs-lab-offline',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  return new Promise((resolve, reject) => {
    // A callback-style handler answers through its third argument.
    const callback = (err, value) => (err ? reject(err) : resolve(value));
    Promise.resolve(handler(event, context, callback)).then((v) => {
      if (handler.length < 3 || v !== undefined) resolve(v);
    }, reject);
  });
}
