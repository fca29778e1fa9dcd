'use strict';
// tusk bench beside Artillery 2.x with its socket.io engine (artillery-engine-socketio-v3), one after the other
// against the same socket.io 4.8 server (server.js), in one run:
//
//   node benchmarks/Cli/compare.js [--clients 1000] [--rate 10] [--ramp 10] [--window 30] [--rounds 3] [--payload 16]
//                                  [--scenarios ack,emit] [--connections 10000] [--no-build] [--out results/latest.json]
//                                  [--generators tusk,artillery] [--tusk path/to/tusk.dll] [--baseline path/to/tusk.dll]
//
// --baseline adds a third generator, `baseline`: another build of tusk (say, main's before a change), run in the same
// rounds, so a change to the generator is measured side by side with the version it replaces and with Artillery.
//
// Both generators run the same scenarios: N clients over WebSocket, each sending R messages per second with a
// payload-byte string, either `echo` waiting for its ack (ack) or `noop`, which the server only counts (emit). What is
// compared is the steady state: after the ramp and a settling pause, a window of --window seconds in which the server
// counts the messages (GET /stats: acks sent, noops received) and this script reads the CPU time of the generator's
// whole process tree from /proc (user + system, every thread and child). The figure is messages per second per
// client CPU core = messages in the window / client CPU seconds in the window.
// Startup (the JIT, Artillery's loading) and the ramp are outside the window, for both: the window starts `settle`
// seconds after the server sees all N clients connected (at most 120 s after the ramp), and the generator is stopped
// when it ends.
// --connections N then runs tusk alone with N clients (idle, then acks at a low rate) and checks they all connect.
// Every child is bounded in time and killed at the end; only 127.0.0.1 is used.

const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const here = __dirname;
const root = path.resolve(here, '..', '..');
const args = parseArgs(process.argv.slice(2));
const clients = Number(args.clients ?? 1000);
const rate = Number(args.rate ?? 10);
const scenarios = String(args.scenarios ?? 'ack,emit').split(',');
const ramp = Number(args.ramp ?? 10);
const windowSeconds = Number(args.window ?? 30);
const rounds = Number(args.rounds ?? 3);
const payload = Number(args.payload ?? 16);
const connections = Number(args.connections ?? 10000);
const generators = String(args.generators ?? 'tusk,artillery').split(',');
const settle = 5;
const out = path.resolve(here, args.out ?? 'results/latest.json');
const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());
const children = new Set();

function parseArgs(list) {
  const parsed = {};
  for (let i = 0; i < list.length; i++) {
    const key = list[i].replace(/^--/, '');
    if (key.startsWith('no-')) {
      parsed[key] = true;
    } else {
      parsed[key] = list[++i];
    }
  }
  return parsed;
}

function log(...parts) {
  console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...parts);
}

// Children get the highest open-file limit this shell may set: each connection is a descriptor on both sides.
function start(command, commandArgs, options = {}) {
  const child = spawn('bash', ['-c', 'ulimit -n "$(ulimit -Hn)"; exec "$@"', 'bash', command, ...commandArgs], {
    cwd: options.cwd ?? here,
    stdio: ['pipe', options.stdout ?? 'pipe', options.stderr ?? 'pipe'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

function killAll() {
  for (const child of children) {
    try { process.kill(child.pid, 'SIGKILL'); } catch { /* gone */ }
  }
}
process.on('exit', killAll);
process.on('SIGINT', () => { killAll(); process.exit(130); });

function waitForExit(child, seconds) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { killAll(); reject(new Error(`a child ran past ${seconds} s`)); }, seconds * 1000);
    child.on('exit', (code) => { clearTimeout(timer); resolve(code); });
  });
}

// CPU ticks (user + system) of a process and all its descendants, from /proc.
function treeCpuSeconds(rootPid) {
  const parents = new Map();
  const ticks = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(entry), Number(fields[1]));
      ticks.set(Number(entry), Number(fields[11]) + Number(fields[12]));
    } catch { /* exited meanwhile */ }
  }
  let total = 0;
  for (const [pid, t] of ticks) {
    for (let p = pid; p > 1; p = parents.get(p)) {
      if (p === rootPid) { total += t; break; }
      if (!parents.has(p)) break;
    }
  }
  return total / ticksPerSecond;
}

// A loaded machine now and then resets the stats connection (ECONNRESET seen at load 17): a few tries before giving up.
async function getJson(port, urlPath, tries = 5) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await getJsonOnce(port, urlPath);
    } catch (error) {
      if (attempt >= tries) throw error;
      log(`GET ${urlPath} failed (${error.code ?? error.message}), trying again`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

function getJsonOnce(port, urlPath) {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: urlPath, timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve(JSON.parse(body)));
    }).on('error', reject);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function startServer() {
  const server = start('node', [path.join(here, 'server.js'), '4']);
  const ready = await new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error('the server printed no ready line in 30 s')), 30000);
    server.stdout.on('data', (chunk) => {
      text += chunk;
      const match = /CLI_BENCH_SERVER_READY (.*)/.exec(text);
      if (match) { clearTimeout(timer); resolve(JSON.parse(match[1])); }
    });
  });
  return { child: server, ports: ready.ports };
}

function loadAverage() {
  return os.loadavg().map((n) => n.toFixed(2)).join(' ');
}

// Runs one generator and measures its steady window. `launch` starts it; it must keep sending past the window.
async function measure(name, scenario, server, launch) {
  const counted = scenario === 'ack' ? 'acks' : 'noops';
  const port = server.ports[0];
  const before = await getJson(port, '/stats');
  const started = Date.now();
  const child = launch();
  let output = '';
  child.stdout?.on('data', (c) => { output += c; });
  child.stderr?.on('data', (c) => { output += c; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  const loadBefore = loadAverage();
  // The window starts once the server sees every client connected, then `settle` seconds later: a generator that
  // starts slowly (Artillery loading its modules on a loaded machine) would otherwise be measured during its ramp,
  // when connection handshakes cost CPU that no steady state has. Bounded: after `connectBound` seconds the window
  // starts anyway, and connectedInWindow says how many were there.
  await sleep(ramp * 1000 - (Date.now() - started));
  const connectBound = Date.now() + 120000;
  let waitedForClients = 0;
  while ((await getJson(port, '/stats')).connected < clients && Date.now() < connectBound) {
    await sleep(250);
    waitedForClients += 0.25;
  }
  await sleep(settle * 1000);
  const a = { stats: await getJson(port, '/stats'), cpu: treeCpuSeconds(child.pid), at: Date.now() };
  await sleep(windowSeconds * 1000);
  const b = { stats: await getJson(port, '/stats'), cpu: treeCpuSeconds(child.pid), at: Date.now() };
  const loadAfter = loadAverage();
  // Only the window is measured: the generator is stopped right after it (an exit code means it had ended before).
  const code = await Promise.race([exited, sleep(100).then(() => 'stopped after the window')]);
  if (code === 'stopped after the window') {
    try { process.kill(child.pid, 'SIGKILL'); } catch { /* gone */ }
    await Promise.race([exited, sleep(10000)]);
  }
  const seconds = (b.at - a.at) / 1000;
  const acks = b.stats[counted] - a.stats[counted];
  const cpu = b.cpu - a.cpu;
  const serverCpu = (b.stats.cpuMicroseconds - a.stats.cpuMicroseconds) / 1e6;
  const result = {
    generator: name,
    scenario,
    exitCode: code,
    connectedInWindow: a.stats.connected,
    secondsWaitedForClientsAfterRamp: waitedForClients,
    windowSeconds: Number(seconds.toFixed(2)),
    messagesInWindow: acks,
    messagesPerSecond: Number((acks / seconds).toFixed(1)),
    clientCpuSeconds: Number(cpu.toFixed(2)),
    clientCores: Number((cpu / seconds).toFixed(3)),
    messagesPerSecondPerClientCore: Number((acks / cpu).toFixed(0)),
    serverCpuSeconds: Number(serverCpu.toFixed(2)),
    messagesWholeRun: (await getJson(port, '/stats'))[counted] - before[counted],
    loadAverageBefore: loadBefore,
    loadAverageAfter: loadAfter,
  };
  log(name, JSON.stringify(result));
  if (typeof code === 'number' && code !== 0) {
    log(`${name} exited with ${code}; its output:\n${output.slice(-4000)}`);
  }
  result.outputTail = output.slice(-2500);
  return result;
}

function tuskCommand(ports, extra, dllPath = args.tusk) {
  const dll = dllPath ? path.resolve(dllPath) : path.join(root, 'src', 'Cli', 'bin', 'Release', 'net10.0', 'tusk.dll');
  return ['dotnet', [dll, 'bench', ...ports.map((p) => `http://127.0.0.1:${p}`), ...extra]];
}

function runTusk(scenario, server, name = 'tusk', dll = args.tusk) {
  const duration = settle + windowSeconds + 40;
  const [command, commandArgs] = tuskCommand(server.ports, [
    '--clients', String(clients), '--ramp', String(ramp), '--duration', String(duration),
    '--scenario', scenario, '--rate', String(rate), '--payload', String(payload), '--event', scenario === 'ack' ? 'echo' : 'noop',
  ], dll);
  return measure(name, scenario, server, () => start(command, commandArgs));
}

function runArtillery(scenario, server) {
  const duration = settle + windowSeconds + 40;
  const config = {
    config: {
      target: `http://127.0.0.1:${server.ports[0]}`,
      phases: [{ duration: ramp, arrivalCount: clients }],
      engines: { 'socketio-v3': { transports: ['websocket'] } },
    },
    scenarios: [{
      engine: 'socketio-v3',
      flow: [{
        loop: [
          scenario === 'ack' ? { emit: ['echo', 'x'.repeat(payload)], acknowledge: {} } : { emit: ['noop', 'x'.repeat(payload)] },
          { think: 1 / rate },
        ],
        count: Math.ceil((ramp + duration) * rate),
      }],
    }],
  };
  const file = path.join(os.tmpdir(), `tusk-artillery-${process.pid}.json`);
  fs.writeFileSync(file, JSON.stringify(config));
  return measure('artillery', scenario, server, () => start(path.join(here, 'node_modules', '.bin', 'artillery'), ['run', '--quiet', file]));
}

function median(values) {
  // A round that measured nothing (messagesPerSecondPerClientCore null) does not count.
  const sorted = values.filter((v) => typeof v === 'number').sort((x, y) => x - y);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function runConnections(server) {
  const results = [];
  for (const [scenario, extra] of [['idle', []], ['ack', ['--rate', '0.2']]]) {
    const file = path.join(os.tmpdir(), `tusk-connections-${process.pid}-${scenario}.json`);
    const [command, commandArgs] = tuskCommand(server.ports, [
      '--clients', String(connections), '--ramp', '30', '--duration', '30', '--scenario', scenario, '--out', file, ...extra,
    ]);
    const loadBefore = loadAverage();
    const child = start(command, commandArgs);
    let output = '';
    child.stdout.on('data', (c) => { output += c; });
    child.stderr.on('data', (c) => { output += c; });
    const code = await waitForExit(child, 400);
    const report = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : null;
    const result = { scenario, exitCode: code, loadAverageBefore: loadBefore, loadAverageAfter: loadAverage(), report, text: output.slice(-3000) };
    log(`tusk ${connections} clients ${scenario}: exit ${code}, peak connected ${report?.connections.peakConnected}`);
    results.push(result);
  }
  return results;
}

async function main() {
  if (!fs.existsSync(path.join(here, 'node_modules', '.bin', 'artillery'))) {
    log('npm ci (first run; no install scripts)');
    execFileSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: here, stdio: 'inherit', timeout: 600000 });
  }
  if (!args['no-build']) {
    log('dotnet build src/Cli -c Release');
    execFileSync('dotnet', ['build', path.join(root, 'src', 'Cli', 'Cli.csproj'), '-c', 'Release', '--nologo', '-v', 'quiet'], { stdio: 'inherit', timeout: 600000 });
  }

  const runs = [];
  for (let round = 1; round <= rounds; round++) {
    for (const scenario of scenarios) {
      // A fresh server per run, so neither generator inherits the other's connections or the server's warm state;
      // the order alternates between rounds, so a load that rises or falls during the run favours neither.
      const order = args.baseline ? ['tusk', 'artillery', 'baseline'] : ['tusk', 'artillery'];
      for (const name of (round % 2 ? order : [...order].reverse()).filter((g) => generators.includes(g) || g === 'baseline')) {
        const server = await startServer();
        log(`round ${round}: ${name}, ${scenario}, ${clients} clients x ${rate}/s, load average ${loadAverage()}`);
        const result = name === 'artillery' ? await runArtillery(scenario, server)
          : name === 'baseline' ? await runTusk(scenario, server, 'baseline', args.baseline) : await runTusk(scenario, server);
        result.round = round;
        runs.push(result);
        server.child.kill('SIGKILL');
      }
    }
  }

  let connectionRuns = [];
  if (connections > 0) {
    const server = await startServer();
    connectionRuns = await runConnections(server);
    server.child.kill('SIGKILL');
  }

  const summary = {};
  for (const scenario of scenarios) {
    const entry = {};
    for (const name of ['tusk', 'artillery', 'baseline']) {
      const mine = runs.filter((r) => r.generator === name && r.scenario === scenario);
      if (mine.length) {
        entry[name] = {
          medianMessagesPerSecondPerClientCore: median(mine.map((r) => r.messagesPerSecondPerClientCore)),
          medianMessagesPerSecond: median(mine.map((r) => r.messagesPerSecond)),
          medianClientCores: median(mine.map((r) => r.clientCores)),
          perRound: mine.map((r) => r.messagesPerSecondPerClientCore),
        };
      }
    }
    if (entry.tusk && entry.artillery) {
      entry.ratio = Number((entry.tusk.medianMessagesPerSecondPerClientCore / entry.artillery.medianMessagesPerSecondPerClientCore).toFixed(2));
    }
    if (entry.baseline && entry.artillery) {
      entry.baselineRatio = Number((entry.baseline.medianMessagesPerSecondPerClientCore / entry.artillery.medianMessagesPerSecondPerClientCore).toFixed(2));
    }
    summary[scenario] = entry;
  }

  const document = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
    setup: { clients, rate, ramp, settle, windowSeconds, payload, transport: 'websocket', scenarios, tusk: args.tusk ?? null, baseline: args.baseline ?? null },
    summary,
    runs,
    connections: connectionRuns,
  };
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(document, null, 2) + '\n');
  console.log(JSON.stringify(summary, null, 2));
  for (const run of connectionRuns) {
    console.log(`\n--- tusk bench, ${connections} clients, ${run.scenario} (exit ${run.exitCode}) ---\n${run.text}`);
  }
  log(`written ${path.relative(root, out)}`);
}

main().catch((error) => { console.error(error); killAll(); process.exit(1); });
