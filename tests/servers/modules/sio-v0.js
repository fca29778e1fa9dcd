'use strict';
// socket.io 0.9.19 (its own pre-Engine.IO protocol, handshake at /socket.io/1/) with the baseline handlers.
//
// json-options use the same names as the newer modules and are mapped to 0.9 settings:
//   path → 'resource'; pingInterval (ms) → 'heartbeat interval' (s); pingTimeout (ms) → 'heartbeat timeout' (s);
//   closeTimeout (ms) → 'close timeout' (s); pollingDuration (ms) → 'polling duration' (s); maxHttpBufferSize → 'destroy buffer size'; transports → 'transports'.
// `serverOptions` (object, 0.9 setting names) is merged in verbatim.
// `greeting` (optional) is an event the default namespace emits 500 ms after each connection (Elephant.io's basic
// and custom-path scenarios); off by default so raw packet tests see only what they ask for.
//
// Besides the baseline handlers, the default namespace and /admin answer the 0.9 client tests:
//   server-ack (event, ...args)   → emits `event` with args and a data callback; reports its arguments as `server-ack-result`
//   server-simple-ack (event)     → emits `event` with a zero-parameter callback (a 0.9 "simple ack"); then `server-simple-ack-result`
//   send-messages                 → socket.send('plain text'), socket.json.send({kind:'json'}), socket.send('acked text', cb → `message-acked`)
//   handshake (cb)                → cb(query, x-tusk-header, user-agent) as the server saw them at the handshake
//   disconnect-me                 → socket.disconnect() (on the default namespace this drops the whole client)
//   drop-transport                → ends the underlying transport without a disconnect packet (the client must reconnect)
//   send-buffers                  → emits `buffers` with Node Buffers (JSON {type:'Buffer',data:[…]} on the 0.9 wire) and a look-alike
//   join (room, cb)               → joins `room` in the socket's namespace, then cb(true)
//   tick (room)                   → emits `tick` to every socket of `room` in that namespace
// and the Elephant.io example namespaces as 0.9 runs them: /ack, /binary-event (contents travel as strings),
// /error-handling, /keep-alive, /polling; and /private, which only authorizes handshakes with ?secret=open-sesame.

const https = require('node:https');
const sio = require('socket.io-v0');
const { createHttpServer, listenOnLoopback } = require('../lib/listen');
const { packageVersion } = require('../lib/package-version');
const { installBaseline, attachBaselineHandlers } = require('../lib/socketio-baseline');

function toSeconds(milliseconds) {
  return milliseconds / 1000;
}

function toSettings(options) {
  // 0.9 logs to stdout by default, which would corrupt the ready-line protocol.
  const settings = { log: false, 'browser client': false };
  if (options.path !== undefined) settings.resource = options.path;
  if (options.pingInterval !== undefined) settings['heartbeat interval'] = toSeconds(options.pingInterval);
  if (options.pingTimeout !== undefined) settings['heartbeat timeout'] = toSeconds(options.pingTimeout);
  if (options.closeTimeout !== undefined) settings['close timeout'] = toSeconds(options.closeTimeout);
  if (options.pollingDuration !== undefined) settings['polling duration'] = toSeconds(options.pollingDuration);
  if (options.maxHttpBufferSize !== undefined) settings['destroy buffer size'] = options.maxHttpBufferSize;
  if (options.transports !== undefined) settings.transports = options.transports;
  return { ...settings, ...(options.serverOptions || {}) };
}

function attachClientTestHandlers(io, socket) {
  socket.on('server-ack', (event, ...args) => {
    // A callback with declared parameters makes 0.9 ask for a data ack (`id+`).
    socket.emit(event, ...args, function (a, b, c) {
      socket.emit('server-ack-result', Array.prototype.slice.call(arguments));
    });
  });
  socket.on('server-simple-ack', (event) => {
    socket.emit(event, () => socket.emit('server-simple-ack-result'));
  });
  socket.on('send-messages', () => {
    socket.send('plain text');
    socket.json.send({ kind: 'json' });
    socket.send('acked text', () => socket.emit('message-acked'));
  });
  socket.on('handshake', (cb) => {
    const handshake = socket.handshake || {};
    const headers = handshake.headers || {};
    cb(handshake.query || {}, headers['x-tusk-header'] || null, headers['user-agent'] || null);
  });
  socket.on('join', (room, cb) => {
    socket.join(room);
    if (typeof cb === 'function') cb(true);
  });
  socket.on('tick', (room) => socket.namespace.in(room).emit('tick', 1));
  socket.on('send-buffers', () => socket.emit('buffers', Buffer.from([1, 2, 255]), { nested: Buffer.from('hi') }, { type: 'Buffer', data: 'not bytes' }));
  socket.on('disconnect-me', () => {
    // A polling client's disconnect packet is only written to an open poll (0.9 drops it otherwise and the client
    // just sees "client not handshaken" next): wait for the client's next poll, bounded.
    const startedAt = Date.now();
    const whenOpen = () => {
      const transport = io.transports[socket.id];
      if ((transport && transport.open) || Date.now() - startedAt > 2000) {
        socket.disconnect();
      } else {
        setTimeout(whenOpen, 5);
      }
    };
    whenOpen();
  });
  socket.on('drop-transport', () => {
    const transport = io.transports[socket.id];
    if (transport) {
      transport.end('dropped by test');
    }
  });
}

function installClientTestHandlers(io, greeting) {
  io.sockets.on('connection', (socket) => {
    attachClientTestHandlers(io, socket);
    socket.on('test', () => socket.emit('test', 1, 2, 'Okay'));
    if (greeting) {
      setTimeout(() => { if (!socket.disconnected) socket.emit(greeting); }, 500);
    }
  });
  io.of('/admin').on('connection', (socket) => attachClientTestHandlers(io, socket));
}

function installElephantScenarios(io) {
  io.of('/ack').on('connection', (socket) => {
    socket.on('test-send-ack', (data, cb) => cb('+ack'));
    socket.on('test-recv-ack', () => {
      socket.emit('test-recv-ack', { success: true }, function (arg) {
        socket.emit('test-recv-ack-result', Array.prototype.slice.call(arguments));
      });
    });
  });
  const parts = new Map();
  io.of('/binary-event').on('connection', (socket) => {
    socket.on('test-binary-attachment', (data) => {
      if (!data || typeof data.hash !== 'string' || typeof data.content !== 'string') {
        socket.emit('test-binary-attachment', { success: false });
        return;
      }
      const content = (parts.get(data.hash) || '') + data.content;
      parts.set(data.hash, content);
      socket.emit('test-binary-attachment', { success: true, length: content.length });
    });
    socket.on('test-binary', (data) => {
      const content = parts.get(data && data.hash);
      socket.emit('test-binary', content === undefined ? { success: false } : { success: true, time: new Date().toString(), payload: content });
    });
  });
  io.of('/error-handling').on('connection', () => {});
  // 0.9 namespace authorization: refused (error packet "unauthorized") unless the handshake query has secret=open-sesame.
  io.of('/private')
    .authorization((handshake, callback) => callback(null, (handshake.query || {}).secret === 'open-sesame'))
    .on('connection', attachBaselineHandlers);
  io.of('/keep-alive').on('connection', (socket) => {
    socket.on('message', () => socket.emit('message', { success: true }));
  });
  io.of('/polling').on('connection', (socket) => {
    socket.on('message', (data) => socket.emit('message', data));
  });
}

async function start(options) {
  // `tls: { key, cert }` (PEM strings, made by the test) serves HTTPS/WSS instead of plain HTTP.
  const httpServer = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }) : createHttpServer();
  const settings = toSettings(options);
  const io = sio.listen(httpServer, settings);
  const namespaces = installBaseline(io);
  installClientTestHandlers(io, options.greeting);
  installElephantScenarios(io);
  const port = await listenOnLoopback(httpServer);
  return {
    port,
    path: settings.resource || '/socket.io',
    secure: Boolean(options.tls),
    version: packageVersion('socket.io-v0'),
    namespaces,
  };
}

module.exports = { start };
