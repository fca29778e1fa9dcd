'use strict';
// A plain RFC 6455 echo server on the npm `ws` package, for the Transport.WebSocket interop tests.
//
// Every text or binary message is echoed back with the same type. Text messages that start with `cmd:` are
// commands instead:
//   cmd:fragments:<count>:<size>   send a binary message of <size> bytes (byte i = i % 251) in <count> fragments
//   cmd:ping:<text>                send a ping carrying <text>; the pong's payload comes back as `pong:<payload>`
//   cmd:close:<code>:<reason>      start the closing handshake from the server
//   cmd:stats                      answer `stats:{"pings":N,"compressed":bool}` (pings received from the client)
//
// Options (json-options): { perMessageDeflate: false | { ...ws options }, maxPayload: bytes }.

const { WebSocketServer } = require('ws');
const { createHttpServer, listenOnLoopback } = require('../lib/listen');

// Byte i is i % 251: one period, repeated by Buffer.fill (a loop over every byte took about 0.1 CPU-s of
// Transport.WebSocket.Tests' server host).
const PATTERN_PERIOD = Buffer.from(Array.from({ length: 251 }, (_, i) => i));

function patternBytes(size) {
  return Buffer.alloc(size, PATTERN_PERIOD);
}

function handleCommand(socket, command, state) {
  const [name, ...args] = command.split(':');
  switch (name) {
    case 'fragments': {
      const count = Number(args[0]);
      const bytes = patternBytes(Number(args[1]));
      const step = Math.ceil(bytes.length / count) || 1;
      for (let i = 0; i < count; i++) {
        const part = bytes.subarray(i * step, Math.min(bytes.length, (i + 1) * step));
        socket.send(part, { binary: true, fin: i === count - 1 });
      }
      break;
    }
    case 'ping':
      socket.ping(Buffer.from(args.join(':')));
      break;
    case 'close':
      socket.close(Number(args[0]), args.slice(1).join(':'));
      break;
    case 'stats':
      socket.send(`stats:${JSON.stringify({ pings: state.pings, compressed: state.compressed })}`);
      break;
    default:
      socket.send(`error:unknown command ${name}`);
  }
}

async function start(options) {
  const httpServer = createHttpServer();
  const wss = new WebSocketServer({
    server: httpServer,
    perMessageDeflate: options.perMessageDeflate ?? false,
    maxPayload: options.maxPayload ?? 64 * 1024 * 1024,
  });

  wss.on('connection', (socket) => {
    const state = { pings: 0, compressed: socket.extensions.includes('permessage-deflate') };
    socket.on('ping', () => { state.pings++; });
    socket.on('pong', (payload) => socket.send(`pong:${payload.toString()}`));
    socket.on('message', (data, isBinary) => {
      if (!isBinary) {
        const text = data.toString();
        if (text.startsWith('cmd:')) {
          handleCommand(socket, text.slice(4), state);
          return;
        }
      }
      socket.send(data, { binary: isBinary });
    });
    socket.on('error', () => socket.terminate());
  });

  const port = await listenOnLoopback(httpServer);
  return { port };
}

module.exports = { start };
