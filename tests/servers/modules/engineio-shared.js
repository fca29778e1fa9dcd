'use strict';
// Shared by engineio.js (engine.io 6) and engineio-v3.js (engine.io 3): a plain Engine.IO server, no Socket.IO,
// that echoes every message back and obeys a few text commands the tests use:
//   cmd:close        → the server closes the session (server-initiated close)
//   cmd:stats        → replies {"posts":N,"largestPost":BYTES} for the polling POSTs of this server so far
//   cmd:burst:N      → sends N text messages "burst-0" … "burst-(N-1)"
//   cmd:binary:N     → sends one binary message of N bytes (i % 256)
//   cmd:headers      → replies with the handshake request headers as JSON
//   cmd:query        → replies with the handshake query as JSON
//   cmd:wsclose:CODE:REASON → closes the session's WebSocket with that close code and reason (WebSocket only)

const { createHttpServer, listenOnLoopback } = require('../lib/listen');
const { pickOptions } = require('../lib/socketio-baseline');
const { packageVersion } = require('../lib/package-version');

const OPTION_KEYS = [
  'path', 'pingInterval', 'pingTimeout', 'maxHttpBufferSize', 'allowUpgrades', 'transports',
  'upgradeTimeout', 'cookie', 'allowEIO3', 'addTrailingSlash',
];

const BINARY_PERIOD = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

function handleCommand(socket, text, stats) {
  if (text === 'cmd:close') {
    socket.close();
  } else if (text === 'cmd:stats') {
    socket.send(JSON.stringify(stats));
  } else if (text.startsWith('cmd:burst:')) {
    const count = Number(text.slice('cmd:burst:'.length));
    for (let i = 0; i < count; i++) {
      socket.send(`burst-${i}`);
    }
  } else if (text.startsWith('cmd:binary:')) {
    // Byte i is i % 256: one period, repeated by Buffer.fill.
    socket.send(Buffer.alloc(Number(text.slice('cmd:binary:'.length)), BINARY_PERIOD));
  } else if (text === 'cmd:headers') {
    socket.send(JSON.stringify(socket.request.headers));
  } else if (text === 'cmd:query') {
    socket.send(JSON.stringify(socket.request._query || {}));
  } else if (text.startsWith('cmd:wsclose:')) {
    const [code, ...reason] = text.slice('cmd:wsclose:'.length).split(':');
    // engine.io 3.x and 6.x both keep the ws socket of the websocket transport as transport.socket.
    socket.transport.socket.close(Number(code), reason.join(':'));
  } else {
    return false;
  }
  return true;
}

async function startEngineIoServer(packageName, options) {
  const engine = require(packageName);
  const httpServer = createHttpServer();
  const stats = { posts: 0, largestPost: 0 };
  const serverOptions = { ...pickOptions(options, OPTION_KEYS), ...(options.serverOptions || {}) };
  const server = engine.attach(httpServer, serverOptions);
  // Counted alongside engine.io (attached after it, since attach() takes over the existing request listeners), so the tests can check how the client batched its writes.
  httpServer.prependListener('request', (req) => {
    if (req.method === 'POST') {
      let size = 0;
      req.on('data', (chunk) => { size += chunk.length; });
      req.on('end', () => {
        stats.posts += 1;
        stats.largestPost = Math.max(stats.largestPost, size);
      });
    }
  });
  server.on('connection', (socket) => {
    socket.on('message', (data) => {
      if (typeof data === 'string' && handleCommand(socket, data, stats)) {
        return;
      }
      socket.send(data);
    });
  });
  const port = await listenOnLoopback(httpServer);
  return {
    port,
    path: serverOptions.path || '/engine.io',
    version: packageVersion(packageName),
  };
}

module.exports = { startEngineIoServer };
