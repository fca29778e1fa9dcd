'use strict';
// ONE node of a socket.io 4.8 cluster: the Cluster.Tests start three of these behind HAProxy and nginx.
//
//   node node.js '{"name":"n1","port":0,"redisUrl":"redis://127.0.0.1:6379","adapter":"pubsub"|"streams","prefix":"..."}'
//
// Prints one line `TUSK_SERVER_READY {"port":N,"name":"n1","pid":P}` once it listens on 127.0.0.1:port (0 = a free
// port; a restarted node is given its old port so the balancers find it again). Lives until its stdin closes (the test
// host is gone), or SIGTERM: then it closes socket.io gracefully (the sockets' sessions are persisted for connection
// state recovery) and exits. SIGKILL is how the tests simulate a crash.
//
// With "standby":true it loads, connects to Redis and prints `TUSK_SERVER_LOADED {...}`, but listens only when a
// line `listen` arrives on its stdin (then prints the ready line): the replacement of a node in a rolling restart,
// started while the node it replaces still runs, takes over the port within milliseconds of that node's exit instead
// of the 0.3-0.5 CPU-s (and more wall time on a busy machine) a node takes to start.

const http = require('node:http');
const { Server } = require('socket.io');
// ioredis rather than the redis package: both adapters take either, and redis 4 loads some 600 modules (about 0.3 of
// a node's 0.6 CPU-s to start; the Cluster.Tests start 28 nodes per run, most of them restarts).
const Redis = require('ioredis');

const READY_PREFIX = 'TUSK_SERVER_READY ';
const LOADED_PREFIX = 'TUSK_SERVER_LOADED ';
const NAMESPACES = ['/', '/chat'];

function lastCallback(args) {
  return args.length > 0 && typeof args[args.length - 1] === 'function' ? args[args.length - 1] : undefined;
}

function withoutCallback(args) {
  return lastCallback(args) ? args.slice(0, -1) : args;
}

/** A client of the cluster's Redis, connected (ioredis connects by itself; this waits for it). */
async function connectRedis(options, role) {
  const client = new Redis(options.redisUrl, { lazyConnect: true });
  client.on('error', (error) => process.stderr.write(`[${options.name}] redis (${role}): ${error.message}\n`));
  await client.connect();
  return client;
}

async function createAdapter(options, pubClient) {
  if (options.adapter === 'streams') {
    const { createAdapter: streams } = require('@socket.io/redis-streams-adapter');
    return streams(pubClient, { streamName: `${options.prefix}:stream`, sessionKeyPrefix: `${options.prefix}:session:` });
  }
  const { createAdapter: pubsub } = require('@socket.io/redis-adapter');
  const subClient = await connectRedis(options, 'sub');
  return pubsub(pubClient, subClient, { key: `${options.prefix}:pubsub` });
}

function installHandlers(io, options, redis) {
  const ledger = `${options.prefix}:ledger`;
  for (const name of NAMESPACES) {
    const nsp = io.of(name);
    nsp.on('connection', (socket) => {
      // A client that names a room in its auth payload is in it from the start: the thousand clients of
      // ThousandClientsTests join theirs this way and read their node from `welcome`, instead of a `join` round trip each.
      const room = socket.handshake.auth && socket.handshake.auth.room;
      if (typeof room === 'string') {
        socket.join(room);
      }
      socket.emit('welcome', { node: options.name, recovered: socket.recovered === true });
      // on-websocket: tells the client once its session runs over WebSocket (at once, or when the upgrade completes).
      if (socket.conn.transport.name === 'websocket') {
        socket.emit('on-websocket', options.name);
      } else {
        socket.conn.once('upgrade', () => socket.emit('on-websocket', options.name));
      }

      socket.on('whoami', (...args) => {
        const cb = lastCallback(args);
        if (cb) {
          cb({ node: options.name, id: socket.id, namespace: name, recovered: socket.recovered === true, transport: socket.conn.transport.name });
        }
      });
      // echo: emits the arguments back and acknowledges with them (binary included).
      socket.on('echo', (...args) => {
        const values = withoutCallback(args);
        socket.emit('echo', ...values);
        const cb = lastCallback(args);
        if (cb) {
          cb(...values);
        }
      });
      // server-to-client call with ack: the client's answer comes back as `called-back`.
      socket.on('call-me', (question) => {
        socket.emit('call-me', question, (...reply) => socket.emit('called-back', ...reply));
      });
      socket.on('join', (room, ...rest) => {
        socket.join(room);
        const cb = lastCallback(rest);
        if (cb) {
          cb(options.name);
        }
      });
      // broadcast to a room of this namespace (or, with no room, to all of it) from THIS node; the adapter carries it
      // to the other nodes.
      socket.on('broadcast', (room, payload, ...rest) => {
        (room ? nsp.to(room) : nsp).emit('news', payload, options.name);
        const cb = lastCallback(rest);
        if (cb) {
          cb(options.name);
        }
      });
      // record: the ledger counts each (client, sequence) it was sent, across nodes; the ack carries the count.
      socket.on('record', async (key, ...rest) => {
        const cb = lastCallback(rest);
        const count = await redis.hincrby(ledger, String(key), 1);
        if (cb) {
          cb(count);
        }
      });
      socket.on('ledger', async (...args) => {
        const cb = lastCallback(args);
        const all = await redis.hgetall(ledger);
        if (cb) {
          cb(all);
        }
      });
      // drop-transport: closes this client's connection while the node stays up (a recoverable disconnect).
      socket.on('drop-transport', () => socket.conn.close());
    });
  }
}

async function main() {
  const options = JSON.parse(process.argv[2] || '{}');
  if (!options.name || !options.redisUrl || !options.prefix) {
    throw new Error('usage: node node.js \'{"name":..,"port":..,"redisUrl":..,"adapter":"pubsub"|"streams","prefix":..}\'');
  }

  const redis = await connectRedis(options, 'main');

  const httpServer = http.createServer();
  const io = new Server(httpServer, {
    serveClient: false,
    pingInterval: options.pingInterval || 5000,
    pingTimeout: options.pingTimeout || 5000,
    adapter: await createAdapter(options, redis),
    ...(options.adapter === 'streams'
      ? { connectionStateRecovery: { maxDisconnectionDuration: 60_000, skipMiddlewares: true } }
      : {}),
  });
  installHandlers(io, options, redis);

  let closing = false;
  const shutdown = async (code) => {
    if (closing) {
      return;
    }
    closing = true;
    // io.close() disconnects every socket with "server shutting down" (the streams adapter persists their sessions).
    await io.close();
    await redis.quit().catch(() => {});
    process.exit(code);
  };
  process.on('SIGTERM', () => shutdown(0));
  process.on('SIGINT', () => shutdown(0));
  process.stdin.on('end', () => process.exit(0));
  process.stdin.on('close', () => process.exit(0));
  process.stdin.on('error', () => process.exit(0));
  process.stdin.resume();

  if (options.standby) {
    process.stdout.write(`${LOADED_PREFIX}${JSON.stringify({ name: options.name, pid: process.pid })}\n`);
    await new Promise((resolve) => {
      let received = '';
      const onData = (chunk) => {
        received += chunk;
        if (received.split('\n').some((line) => line.trim() === 'listen')) {
          process.stdin.off('data', onData);
          resolve();
        }
      };
      process.stdin.on('data', onData);
    });
  }

  await new Promise((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port || 0, '127.0.0.1', resolve);
  });
  process.stdout.write(`${READY_PREFIX}${JSON.stringify({ port: httpServer.address().port, name: options.name, pid: process.pid })}\n`);
}

process.on('unhandledRejection', (error) => process.stderr.write(`[node] unhandled rejection: ${error && error.stack}\n`));
main().catch((error) => {
  process.stderr.write(`[node] failed to start: ${error && error.stack}\n`);
  process.exit(1);
});
