'use strict';
// Closes the network to the learner's code in the children that run it (synth-child.cjs and the
// lifecycle hook child). Node 20's permission model guards files, child processes and workers,
// not sockets; synthesizing a CDK app needs none, so every way out is refused here, before any
// learner code loads: TCP and Unix sockets (net.Socket#connect, which http, https, http2, tls
// and fetch all end in), UDP, DNS lookups (a query can carry data out), the raw bindings behind
// them (process.binding) and the inspector. The child's IPC channel to the grader was opened
// before this runs and is not touched.
//
// `allowFetch` (the hook child) keeps a `fetch` of its own making: it reaches only a simulated
// service inside the process.

const net = require('node:net');
const dgram = require('node:dgram');
const dns = require('node:dns');
const inspector = require('node:inspector');

function refused(what) {
  const e = new Error(`${what}: the network is closed while your code runs in the grader (a stack needs none to synthesize)`);
  e.code = 'ERR_ECS_LAB_NO_NETWORK';
  return e;
}

function closeNetwork() {
  const socketConnect = function connect() {
    const e = refused('opening a connection');
    process.nextTick(() => this.destroy(e));
    return this;
  };
  net.Socket.prototype.connect = socketConnect;
  for (const name of ['bind', 'send', 'connect']) {
    dgram.Socket.prototype[name] = function closed() {
      throw refused(`a UDP ${name}`);
    };
  }
  for (const name of Object.keys(dns)) {
    if (typeof dns[name] === 'function' && /^(lookup|resolve|reverse)/.test(name)) {
      dns[name] = function closed() {
        throw refused('a DNS lookup');
      };
    }
  }
  for (const name of Object.keys(dns.promises)) {
    if (typeof dns.promises[name] === 'function' && /^(lookup|resolve|reverse)/.test(name)) {
      dns.promises[name] = () => Promise.reject(refused('a DNS lookup'));
    }
  }
  if (typeof dns.Resolver === 'function') {
    for (const name of Object.getOwnPropertyNames(dns.Resolver.prototype)) {
      if (/^(resolve|reverse)/.test(name)) dns.Resolver.prototype[name] = function closed() { throw refused('a DNS lookup'); };
    }
  }
  const blocked = () => {
    throw refused('a raw binding');
  };
  process.binding = blocked;
  process._linkedBinding = blocked;
  inspector.open = () => {
    throw refused('the inspector');
  };
  globalThis.fetch = () => Promise.reject(refused('fetch'));
}

module.exports = { closeNetwork, refused };
