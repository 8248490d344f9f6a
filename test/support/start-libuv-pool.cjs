// Preloaded with `node --require`: uses libuv's thread pool before the entry point can size it, as
// a module evaluated ahead of start-hashing-threads.ts would.
globalThis.process.getBuiltinModule('node:crypto').randomFill(new Uint8Array(1), () => undefined);
