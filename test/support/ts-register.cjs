// `node -r ./test/support/ts-register.cjs server/main.ts`: the server and the CLI from source, as
// the suites start them, like ts-node's transpile-only mode but with each file's JavaScript kept
// on disk by the hash of its source. Transpiling the whole server took most of the CPU of every
// start, and the suites start it dozens of times: on a busy machine that alone outran timeouts.
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload, loaded before anything else */
'use strict';
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');

const ROOT = resolve(__dirname, '../..');
const CACHE = join(tmpdir(), `tobira-ts-cache-${process.getuid?.() ?? 'user'}`);
mkdirSync(CACHE, { recursive: true });
process.setSourceMapsEnabled(true);

let typescript;
let options;
function transpile(source, filename) {
  if (!typescript) {
    typescript = require('typescript');
    const file = join(ROOT, 'server/tsconfig.json');
    const { config } = typescript.readConfigFile(file, typescript.sys.readFile);
    options = typescript.parseJsonConfigFileContent(
      config,
      typescript.sys,
      join(ROOT, 'server'),
    ).options;
    // Every file of the package is CommonJS (no "type": "module"), as `nest build` emits it.
    options.module = typescript.ModuleKind.CommonJS;
    options.moduleResolution = typescript.ModuleResolutionKind.Node10;
    options.sourceMap = false;
    options.inlineSourceMap = true;
    options.inlineSources = true;
  }
  return typescript.transpileModule(source, { fileName: filename, compilerOptions: options })
    .outputText;
}

const typescriptVersion = require('typescript/package.json').version;
const tsconfig = readFileSync(join(ROOT, 'server/tsconfig.json'), 'utf8');

Module._extensions['.ts'] = function compile(module, filename) {
  const source = readFileSync(filename, 'utf8');
  const key = createHash('sha256')
    .update(`${typescriptVersion}\0${tsconfig}\0${filename}\0${source}`)
    .digest('hex');
  const cached = join(CACHE, `${key}.js`);
  let output;
  try {
    output = readFileSync(cached, 'utf8');
  } catch {
    output = transpile(source, filename);
    // Written aside and renamed: a process reading it at the same moment sees all or nothing.
    const partial = `${cached}.${process.pid}`;
    writeFileSync(partial, output);
    renameSync(partial, cached);
  }
  module._compile(output, filename);
};
