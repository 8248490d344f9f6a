// Jest's `node` test environment, plus one thing for the worker process it runs in (this module
// is loaded once a process).
//
// A worker's heap grows by some 30 MB with every test file it runs, even after a full collection:
// the suites load NestJS (ES modules only) through `vm` modules (`--experimental-vm-modules`), and
// each finished file's `vm` context stays reachable from V8's own handles (a heap snapshot shows no
// path through Tobira's code or the tests'; the known leaks of `vm` modules, jestjs/jest#14605 and
// nodejs/node#63186, look the same). When Jest ends a worker, the worker's event loop empties at
// once (no handle is left open), but a natural exit then tears the whole heap down before the
// process goes away: on a busy two-core machine 300-600 ms for a worker of 500 MB, past the 500 ms
// Jest allows, so Jest killed it and printed "A worker process has failed to exit gracefully". Here
// a worker whose event loop is empty exits at once (`process.exit` runs the 'exit' listeners but
// skips the tear-down; the system frees the memory). A test that leaks a handle or a timer still
// keeps the event loop, and so the worker, alive: Jest still kills it and still warns.
/* eslint-disable @typescript-eslint/no-require-imports -- Jest loads its environments as CommonJS */
'use strict';
const { TestEnvironment } = require('jest-environment-node');

if (process.env.JEST_WORKER_ID && typeof process.send === 'function') {
  process.once('beforeExit', () => process.exit());
}

module.exports = TestEnvironment;
