'use strict';
// Starts ONE test server module on 127.0.0.1 and tells the test host where it listens.
//
//   node index.js <module> [json-options]
//
// Loads modules/<module>.js, awaits its start(options) and prints exactly one line
// `TUSK_SERVER_READY {"port":N,...}` on stdout. The process lives until its stdin closes
// (so it dies together with the test host that spawned it) or it receives SIGTERM/SIGINT.

const path = require('node:path');

const READY_PREFIX = 'TUSK_SERVER_READY ';
let ready = false;

function fail(message, error) {
  process.stderr.write(`[tusk-server] ${message}${error ? `: ${error.stack || error}` : ''}\n`);
  // Before the ready line the host is waiting for us: exit so it sees the failure at once.
  // Afterwards a stray error (e.g. from an old server fed a hostile request) must not kill
  // the server in the middle of other tests, so it is only logged.
  if (!ready) {
    process.exit(1);
  }
}

process.on('uncaughtException', (error) => fail('uncaught exception', error));
process.on('unhandledRejection', (error) => fail('unhandled rejection', error));
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));

// Tie our lifetime to the parent's: when the test host exits, our stdin pipe closes.
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();

function parseArguments(argv) {
  const [moduleName, json] = argv;
  if (!moduleName || !/^[A-Za-z0-9_-]+$/.test(moduleName)) {
    throw new Error('usage: node index.js <module> [json-options] (module = file name in modules/ without .js)');
  }
  const options = json ? JSON.parse(json) : {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new Error('json-options must be a JSON object');
  }
  return { moduleName, options };
}

async function main() {
  const { moduleName, options } = parseArguments(process.argv.slice(2));
  const serverModule = require(path.join(__dirname, 'modules', `${moduleName}.js`));
  if (typeof serverModule.start !== 'function') {
    throw new Error(`modules/${moduleName}.js does not export start(options)`);
  }
  const info = await serverModule.start(options);
  if (!info || !Number.isInteger(info.port) || info.port <= 0) {
    throw new Error(`modules/${moduleName}.js start() must resolve to { port, ... }`);
  }
  ready = true;
  process.stdout.write(`${READY_PREFIX}${JSON.stringify(info)}\n`);
}

main().catch((error) => fail('failed to start', error));
