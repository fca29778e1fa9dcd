'use strict';
// The socket.io 4 server behind the Tusk samples, the demo (samples/Demo) and the documentation's code.
//
//   node server.js [port] [--keep-running]
//
// Listens on 127.0.0.1 (port 0 = a free one) and prints one line: "Tusk sample server ready on http://127.0.0.1:<port>".
// It stops on Ctrl+C, SIGINT or SIGTERM (`kill <pid>`), so it runs in a terminal, in the background (`&`) and from
// scripts alike. When its stdin is a pipe, as when a program starts it as a child process (the demo does), it also
// stops when that pipe closes, so a parent that dies never leaves it behind; --keep-running turns that off. It never
// reads a terminal: a background job that did would be stopped by the shell ("Stopped (tty input)").
//
// Namespaces (each sample talks to the one named after it):
//   /               "hello" 500 ms after connecting; "test"(a, b, c) -> "test"(1, 2, "Okay"); "echo"(...args, ack?)
//                   -> ack(...args) or "echo"(...args); "drop" -> closes the connection underneath (the client reconnects).
//   /news           "headline" on connect; "subscribe"(topic, ack) -> ack({ topic, subscribed: true }).
//   /ack            "test-send-ack"(data, ack) -> ack("+ack"); "test-recv-ack"(data) -> "test-recv-ack"({ success: true }, ack).
//   /binary-event   "test-binary-attachment"({ hash, content }) collects parts; "test-binary"({ hash }) returns them.
//   /error-handling logs every event and never answers.
//   /handshake-auth accepts only auth { user: "random@example.com", token: "my-secret-token" }; "echo"(msg) -> "echo"(msg).
//   /header-auth    needs "Authorization: Bearer <token>" and "User: <name>"; "message"({ message, token }) -> "message"(text).
//   /keep-alive     "message"(data) -> "message"({ success: true }).
//   /polling        "message"(data) -> "message"(data).
// A second socket.io server on the same port uses the path /my/my.io: "hi" 500 ms after connecting.
// For the documentation of the lower layers, on the same port:
//   /engine.io/     a plain Engine.IO server (no Socket.IO) that sends every message back, text or binary.
//   /echo           a plain WebSocket endpoint that sends every message back, text or binary.
// Pings every 5 s (socket.io's default is 25 s) so that the keep-alive sample and the demo see them quickly.

const fs = require('node:fs');
const http = require('node:http');
const engine = require('engine.io');
const { Server } = require('socket.io');
const { WebSocketServer } = require('ws');

const args = process.argv.slice(2);
const port = Number(args.find((a) => /^\d+$/.test(a)) ?? 0);
const keepRunning = args.includes('--keep-running');
const log = (...parts) => console.log('[server]', ...parts);

const httpServer = http.createServer((req, res) => {
  res.writeHead(404).end();
});
// destroyUpgrade: false lets the servers share the port's upgrade requests; unknown paths are refused below.
const options = { pingInterval: 5000, pingTimeout: 5000, maxHttpBufferSize: 4e6, destroyUpgrade: false };
const io = new Server(httpServer, options);
const customPathIo = new Server(httpServer, { ...options, path: '/my/my.io' });
const engineIo = engine.attach(httpServer, { ...options, path: '/engine.io' });
const echoWs = new WebSocketServer({ noServer: true, maxPayload: options.maxHttpBufferSize, perMessageDeflate: true });

function emitLater(socket, event) {
  const timer = setTimeout(() => socket.emit(event), 500);
  socket.on('disconnect', () => clearTimeout(timer));
}

io.on('connection', (socket) => {
  log(`/ connected ${socket.id} over ${socket.conn.transport.name}`);
  emitLater(socket, 'hello');
  socket.on('test', () => socket.emit('test', 1, 2, 'Okay'));
  socket.on('echo', (...received) => {
    const ack = typeof received.at(-1) === 'function' ? received.pop() : null;
    if (ack) ack(...received);
    else socket.emit('echo', ...received);
  });
  socket.on('drop', () => {
    log(`/ dropping the connection of ${socket.id}`);
    socket.conn.close();
  });
  socket.on('disconnect', (reason) => log(`/ disconnected ${socket.id}: ${reason}`));
});

io.of('/news').on('connection', (socket) => {
  socket.emit('headline', 'Tusk speaks socket.io');
  socket.on('subscribe', (topic, ack) => ack?.({ topic, subscribed: true }));
});

io.of('/ack').on('connection', (socket) => {
  socket.on('test-send-ack', (data, ack) => ack?.('+ack'));
  socket.on('test-recv-ack', () => {
    socket.emit('test-recv-ack', { success: true }, (...reply) => log('/ack client ack with:', reply));
  });
});

io.of('/binary-event').on('connection', (socket) => {
  const parts = new Map();
  socket.on('test-binary-attachment', (data) => {
    if (!data || typeof data.hash !== 'string' || !Buffer.isBuffer(data.content)) {
      socket.emit('test-binary-attachment', { success: false });
      return;
    }
    const collected = [...(parts.get(data.hash) ?? []), data.content];
    parts.set(data.hash, collected);
    socket.emit('test-binary-attachment', { success: true, length: Buffer.concat(collected).length });
  });
  socket.on('test-binary', (data) => {
    const collected = parts.get(data?.hash);
    if (!collected) {
      socket.emit('test-binary', { success: false });
      return;
    }
    socket.emit('test-binary', { success: true, time: Buffer.from(Date()), payload: Buffer.concat(collected) });
  });
});

io.of('/error-handling').on('connection', (socket) => {
  socket.onAny((event, ...received) => log('/error-handling received', event, JSON.stringify(received)));
});

const handshakeAuth = io.of('/handshake-auth');
handshakeAuth.use((socket, next) => {
  const auth = socket.handshake.auth ?? {};
  if (!auth.user || !auth.token) next(new Error('missing auth from the handshake'));
  else if (auth.user === 'random@example.com' && auth.token === 'my-secret-token') next();
  else next(new Error('invalid credentials'));
});
handshakeAuth.on('connection', (socket) => {
  socket.on('echo', (message) => socket.emit('echo', message));
});

const usersByToken = new Map();
const headerAuth = io.of('/header-auth');
headerAuth.use((socket, next) => {
  const { authorization, user } = socket.request.headers;
  const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
  if (!token || !user) {
    next(new Error('no authorization header'));
    return;
  }
  if (!usersByToken.has(token)) usersByToken.set(token, user);
  next();
});
headerAuth.on('connection', (socket) => {
  socket.on('message', (data) => {
    const user = usersByToken.get(data?.token);
    let reply = "Sorry. I don't remember you.";
    if (user && String(data.message).includes('remember')) reply = `I remember you, ${user}`;
    else if (user) reply = `I am fine, ${user}`;
    socket.emit('message', reply);
  });
});

io.of('/keep-alive').on('connection', (socket) => {
  socket.on('message', () => socket.emit('message', { success: true }));
});

io.of('/polling').on('connection', (socket) => {
  socket.on('message', (data) => socket.emit('message', data));
});

customPathIo.on('connection', (socket) => emitLater(socket, 'hi'));

engineIo.on('connection', (socket) => {
  socket.on('message', (data) => socket.send(data));
});

echoWs.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
});

const upgradePaths = ['/socket.io/', '/my/my.io/', '/engine.io/'];
httpServer.on('upgrade', (req, socket, head) => {
  const path = new URL(req.url, 'http://localhost').pathname;
  if (path === '/echo') {
    echoWs.handleUpgrade(req, socket, head, (ws) => echoWs.emit('connection', ws, req));
  } else if (!upgradePaths.some((prefix) => path.startsWith(prefix))) {
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  }
});

function shutdown() {
  io.close();
  customPathIo.close();
  engineIo.close();
  echoWs.close();
  process.exit(0);
}

// Only a pipe (or socket) on stdin has a parent at its other end whose exit closes it. A terminal is never read, and
// /dev/null or a closed stdin (a script's background job, nohup, `<&-`) is at its end from the start.
function stdinIsPipe() {
  try {
    const stat = fs.fstatSync(0);
    return stat.isFIFO() || stat.isSocket();
  } catch {
    return false;
  }
}

if (!keepRunning && stdinIsPipe()) {
  process.stdin.on('end', shutdown);
  process.stdin.on('close', shutdown);
  process.stdin.on('error', shutdown);
  process.stdin.resume();
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

httpServer.listen(port, '127.0.0.1', () => {
  console.log(`Tusk sample server ready on http://127.0.0.1:${httpServer.address().port}`);
});
