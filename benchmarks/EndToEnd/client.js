'use strict';
// The official socket.io-client 4.8 running the benchmark workload (the same phases, counts and timeouts as
// the .NET workers in Workers/). Usage: node client.js <url> <polling|websocket> <spec-json> <workload|idle|connect>
// Prints one line `E2E_RESULT {...}` and exits; every wait is bounded by the spec's phase timeout.

const requireStart = process.hrtime.bigint();
const { io } = require('socket.io-client');
// How long loading the library took (--connect-only reports it: .NET loads Tusk's assemblies during the first connect).
const requireMs = Number(process.hrtime.bigint() - requireStart) / 1e6;

const [url, transport, specJson, mode] = process.argv.slice(2);
const spec = JSON.parse(specJson);
const phaseTimeoutMs = spec.phaseTimeoutSeconds * 1000;

const now = () => Number(process.hrtime.bigint()) / 1e3; // microseconds
const cpuNow = () => { const u = process.cpuUsage(); return u.user + u.system; };

function connect() {
  return new Promise((resolve, reject) => {
    const socket = io(url, {
      transports: [transport], upgrade: false, reconnection: false, forceNew: true, timeout: 10000,
    });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => { socket.close(); reject(error); });
  });
}

function bounded(promise, what) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${spec.phaseTimeoutSeconds} s (${what})`)), phaseTimeoutMs);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

async function serverCpu(socket) {
  const usage = await socket.timeout(10000).emitWithAck('cpu');
  return usage.user + usage.system;
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

const errorText = (error) => (error && error.message) || String(error);

async function measureConnect(onFirst) {
  try {
    const coldStart = now();
    const coldCpu = cpuNow();
    const firstSocket = await bounded(connect(), 'connect');
    const firstMs = (now() - coldStart) / 1000;
    const firstCpuMs = (cpuNow() - coldCpu) / 1000;
    firstSocket.close();
    if (onFirst) onFirst();
    const samples = [];
    for (let i = 0; i < spec.connectCount; i++) {
      const start = now();
      const socket = await bounded(connect(), 'connect');
      samples.push((now() - start) / 1000);
      socket.close();
    }
    samples.sort((a, b) => a - b);
    return { firstMs, firstCpuMs, p50Ms: percentile(samples, 0.5) };
  } catch (error) {
    return { error: errorText(error) };
  }
}

// Runs one phase on a fresh connection: warm-up, then the measured part between CPU readings of both sides.
// Warm-up rounds repeat until spec.warmupSeconds have passed (as in the .NET worker), so both runtimes reach their
// steady state before the measured part.
async function warmUp(round) {
  const start = now();
  do {
    await bounded(round(), 'warm-up');
  } while ((now() - start) / 1e6 < (spec.warmupSeconds || 0));
}

async function phase(warmup, count, run, extra) {
  let socket;
  try {
    socket = await bounded(connect(), 'connect');
    await warmUp(() => run(socket, warmup));
    const server0 = await serverCpu(socket);
    const client0 = cpuNow();
    const start = now();
    await bounded(run(socket, count), 'measure');
    const seconds = (now() - start) / 1e6;
    const client1 = cpuNow();
    const server1 = await serverCpu(socket);
    const result = {
      count,
      seconds,
      perSecond: count / seconds,
      clientCpuUsPerMessage: (client1 - client0) / count,
      serverCpuUsPerMessage: (server1 - server0) / count,
    };
    return extra ? extra(result) : result;
  } catch (error) {
    return { error: errorText(error) };
  } finally {
    if (socket) socket.close();
  }
}

async function ackLatency(payload) {
  let socket;
  try {
    socket = await bounded(connect(), 'connect');
    const sequential = async (n, samples) => {
      for (let i = 0; i < n; i++) {
        const start = now();
        await socket.emitWithAck('ack', payload === undefined ? i : payload);
        if (samples) samples.push(now() - start);
      }
    };
    await warmUp(() => sequential(spec.ackWarmup));
    const samples = [];
    await bounded(sequential(spec.ackCount, samples), 'measure');
    samples.sort((a, b) => a - b);
    return { count: samples.length, p50Us: percentile(samples, 0.5), p99Us: percentile(samples, 0.99) };
  } catch (error) {
    return { error: errorText(error) };
  } finally {
    if (socket) socket.close();
  }
}

function pipelinedAcks(socket, n, payload) {
  return new Promise((resolve) => {
    let sent = 0;
    let done = 0;
    const lane = () => {
      if (sent >= n) return;
      sent++;
      socket.emit('ack', payload === undefined ? sent : payload, () => {
        done++;
        if (done === n) resolve(); else lane();
      });
    };
    for (let i = 0; i < spec.inFlight && i < n; i++) lane();
  });
}

function eventRoundTrips(socket, n, payload) {
  return new Promise((resolve) => {
    let sent = 0;
    let received = 0;
    socket.off('echo');
    socket.on('echo', (value) => {
      received++;
      if (received === n) { socket.off('echo'); resolve(); return; }
      if (sent < n) { sent++; socket.emit('echo', value); }
    });
    for (let i = 0; i < spec.inFlight && i < n; i++) { sent++; socket.emit('echo', payload === undefined ? i : payload); }
  });
}

function push(socket, n, payload) {
  return new Promise((resolve) => {
    let received = 0;
    socket.off('p');
    socket.on('p', () => {
      received++;
      if (received === n) { socket.off('p'); resolve(); }
    });
    if (payload === undefined) socket.emit('push', n); else socket.emit('push', n, payload);
  });
}

async function binaryEcho(socket, n) {
  const payload = Buffer.alloc(spec.binarySize, 7);
  for (let i = 0; i < n; i++) {
    const echoed = await socket.emitWithAck('bin', payload);
    if (!Buffer.isBuffer(echoed) || echoed.length !== spec.binarySize) {
      throw new Error(`binary echo returned ${echoed && echoed.length} bytes`);
    }
  }
}

async function workload() {
  const result = { client: 'socket.io-client', transport };
  result.connect = await measureConnect();
  result.ackLatency = await ackLatency();
  result.pipelinedAcks = await phase(spec.pipelineWarmup, spec.pipelineCount, pipelinedAcks);
  result.eventRoundTrips = await phase(spec.pipelineWarmup, spec.pipelineCount, eventRoundTrips);
  result.push = await phase(spec.pushWarmup, spec.pushCount, push);
  // The same phases with the ~110-byte object (issue 21's workload message).
  const message = spec.message;
  result.objectAckLatency = await ackLatency(message);
  result.objectPipelinedAcks = await phase(spec.pipelineWarmup, spec.pipelineCount, (s, n) => pipelinedAcks(s, n, message));
  result.objectEventRoundTrips = await phase(spec.pipelineWarmup, spec.pipelineCount, (s, n) => eventRoundTrips(s, n, message));
  result.objectPush = await phase(spec.pushWarmup, spec.pushCount, (s, n) => push(s, n, message));
  result.binaryEcho = await phase(spec.binaryWarmup, spec.binaryCount, binaryEcho,
    (r) => ({ ...r, megabytesPerSecond: (r.count * spec.binarySize) / r.seconds / 1e6 }));
  result.allocation = { error: 'not measured (no allocation counter in Node)' };
  return result;
}

function memory() {
  if (global.gc) { global.gc(); global.gc(); }
  const m = process.memoryUsage();
  return { heap: m.heapUsed + m.external + m.arrayBuffers, rss: m.rss };
}

async function idle() {
  const result = { client: 'socket.io-client', transport };
  const sockets = [];
  try {
    const before = memory();
    const deadline = Date.now() + phaseTimeoutMs * 3;
    let next = 0;
    const worker = async () => {
      while (next < spec.idleClients) {
        next++;
        if (Date.now() > deadline) throw new Error(`timed out with ${sockets.length} of ${spec.idleClients} connected`);
        sockets.push(await bounded(connect(), 'connect'));
      }
    };
    await Promise.all(Array.from({ length: spec.idleConcurrency }, worker));
    const after = memory();
    result.idle = {
      clients: sockets.length,
      managedBytesPerClient: (after.heap - before.heap) / sockets.length,
      rssBytesPerClient: (after.rss - before.rss) / sockets.length,
    };
  } catch (error) {
    result.idle = { error: errorText(error) };
  } finally {
    for (const socket of sockets) socket.close();
  }
  return result;
}

// The --connect-only mode (see Workers/ConnectProbe.cs for the .NET side): the process's first connect, then
// connectCount warm ones; E2E_CONNECTED is printed the moment the first connect completes, so the comparison can time
// process start to connected from outside. require('socket.io-client') above has run before the first connect starts.
async function connectOnly() {
  const result = { client: 'socket.io-client', transport };
  const measured = await measureConnect(() => process.stdout.write('E2E_CONNECTED\n'));
  result.connect = { ...measured, libraryLoadMs: requireMs };
  return result;
}

const modes = { idle, connect: connectOnly };
(modes[mode] || workload)().then((result) => {
  process.stdout.write(`E2E_RESULT ${JSON.stringify(result)}\n`);
  process.exit(0);
}, (error) => {
  process.stdout.write(`E2E_RESULT ${JSON.stringify({ client: 'socket.io-client', transport, error: errorText(error) })}\n`);
  process.exit(0);
});
