'use strict';
// A broken "socket.io 0.9 server" for robustness tests. The handshake (GET /socket.io/1/) answers
// `hostile:<heartbeat timeout>:30:websocket`; a WebSocket request to /socket.io/1/websocket/hostile is upgraded by
// hand, the server says `1::` and then NEVER READS from the connection again while it floods what the `hostile` query
// parameter asks for:
//   heartbeats   → `2::` heartbeats (each asks the client for a `2::` reply)
//   simple-acks  → `3:<n>::x` messages with ids 1, 2, ... (each asks the client for a `6:::<n>` simple ack)
// The flood (64 packets every 10 ms, fewer if the client reads slower) goes on until the client's connection is gone, or 60 s.
// The query parameter `hb` sets the heartbeat timeout in seconds (default 1).

const crypto = require('node:crypto');
const { createHttpServer, listenOnLoopback } = require('../lib/listen');

const FLOOD_LIMIT_MS = 60_000;
const WRITE_BUFFER_LIMIT = 64 * 1024;
const FRAMES_PER_CHUNK = 64;
const CHUNK_INTERVAL_MS = 10;

// One unmasked, final server text frame with a payload shorter than 126 bytes.
function textFrame(payload) {
  const data = Buffer.from(payload);
  return Buffer.concat([Buffer.from([0x81, data.length]), data]);
}

function flood(socket, behaviour) {
  const startedAt = Date.now();
  let nextId = 1;
  let done = false;
  const stop = () => { done = true; };
  socket.on('close', stop);
  socket.on('error', stop);
  const heartbeat = textFrame('2::');
  const timer = setInterval(() => {
    if (done || Date.now() - startedAt > FLOOD_LIMIT_MS) {
      clearInterval(timer);
      socket.destroy();
      return;
    }
    if (socket.writableLength >= WRITE_BUFFER_LIMIT) {
      return;
    }
    const frames = [];
    for (let i = 0; i < FRAMES_PER_CHUNK; i++) {
      frames.push(behaviour === 'simple-acks' ? textFrame(`3:${nextId++}::x`) : heartbeat);
    }
    socket.write(Buffer.concat(frames));
  }, CHUNK_INTERVAL_MS);
}

function upgrade(req, socket) {
  socket.on('error', () => {});
  const url = new URL(req.url, 'http://localhost');
  const behaviour = url.searchParams.get('hostile') || 'heartbeats';
  const key = req.headers['sec-websocket-key'];
  const accept = crypto.createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
  socket.write(textFrame('1::'));

  // Never read again: what the client writes piles up in the kernel's buffers until its writes block.
  socket.pause();
  flood(socket, behaviour);
}

async function start() {
  const server = createHttpServer();
  server.on('upgrade', (req, socket) => upgrade(req, socket));
  server.on('request', (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const heartbeatTimeout = Number(url.searchParams.get('hb') || '1');
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=UTF-8' });
    res.end(`hostile:${heartbeatTimeout}:30:websocket`);
  });
  const port = await listenOnLoopback(server);
  return { port };
}

module.exports = { start };
