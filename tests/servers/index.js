'use strict';
// Starts ONE test server module on 127.0.0.1 and tells the test host where it listens.
//
//   node index.js <module> [json-options]
//
// Loads modules/<module>.js, awaits its start(options) and prints exactly one line
// `TUSK_SERVER_READY {"port":N,...}` on stdout. The process lives until its stdin closes
// (so it dies together with the test host that spawned it) or it receives SIGTERM/SIGINT.
//
//   node index.js --host
//
// Hosts any number of servers of any modules in this one process (TestServers' shared servers: a Node process costs
// about 0.25 CPU-s to start, a second server in a running one almost nothing). Each stdin line
// `<id> <module> <json-options>` starts one (the module is loaded on first use); it answers
// `TUSK_HOSTED_READY <id> {"port":N,...}` or `TUSK_HOSTED_FAILED <id> <json-string error>`. Servers live until the
// process ends (stdin closed, SIGTERM/SIGINT). Modules must therefore keep no process-wide state that a server of
// another module (or another server of the same one) would notice.

const path = require('node:path');

// Old packages (socket.io 0.9-2.x, their engine.io and ws) call Buffer() or new Buffer(). Until Node has warned once
// about that (DEP0005), each such call captures a stack trace to see whether it comes from node_modules (where it stays
// silent), up to 10,000 times: about 0.25 CPU-s of SocketIO.Tests' server host. One call from here, outside
// node_modules, with the warning silenced, ends those checks; later deprecation warnings still reach stderr.
const noDeprecation = process.noDeprecation;
process.noDeprecation = true;
Buffer(0);
process.noDeprecation = noDeprecation;

const READY_PREFIX = 'TUSK_SERVER_READY ';
const HOSTED_READY_PREFIX = 'TUSK_HOSTED_READY ';
const HOSTED_FAILED_PREFIX = 'TUSK_HOSTED_FAILED ';
// Set once the single server is ready, or at once in host mode (where one failed start must not end the others).
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
  return { moduleName, options: parseOptions(json) };
}

function parseOptions(json) {
  const options = json ? JSON.parse(json) : {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new Error('json-options must be a JSON object');
  }
  return options;
}

function loadModule(moduleName) {
  if (!moduleName || !/^[A-Za-z0-9_-]+$/.test(moduleName)) {
    throw new Error('usage: node index.js <module> [json-options] (module = file name in modules/ without .js)');
  }
  const serverModule = require(path.join(__dirname, 'modules', `${moduleName}.js`));
  if (typeof serverModule.start !== 'function') {
    throw new Error(`modules/${moduleName}.js does not export start(options)`);
  }
  return async (options) => {
    const info = await serverModule.start(options);
    if (!info || !Number.isInteger(info.port) || info.port <= 0) {
      throw new Error(`modules/${moduleName}.js start() must resolve to { port, ... }`);
    }
    return info;
  };
}

function host() {
  ready = true;
  let pending = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk) => {
    pending += chunk;
    let newline;
    while ((newline = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, newline).trim();
      pending = pending.slice(newline + 1);
      if (line.length > 0) {
        startHosted(line);
      }
    }
  });
}

async function startHosted(line) {
  const [id, moduleName = '', ...rest] = line.split(' ');
  try {
    // require() loads a module once; later servers of it reuse the loaded code.
    const info = await loadModule(moduleName)(parseOptions(rest.join(' ')));
    process.stdout.write(`${HOSTED_READY_PREFIX}${id} ${JSON.stringify(info)}\n`);
  } catch (error) {
    process.stderr.write(`[tusk-server] server ${id} (${moduleName}) failed to start: ${error.stack || error}\n`);
    process.stdout.write(`${HOSTED_FAILED_PREFIX}${id} ${JSON.stringify(String(error.message || error))}\n`);
  }
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv[0] === '--host') {
    host();
    return;
  }
  const { moduleName, options } = parseArguments(argv);
  const info = await loadModule(moduleName)(options);
  ready = true;
  process.stdout.write(`${READY_PREFIX}${JSON.stringify(info)}\n`);
}

main().catch((error) => fail('failed to start', error));
