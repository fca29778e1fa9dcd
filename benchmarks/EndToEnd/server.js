'use strict';
// The benchmark's socket.io 4.8 server: one process on 127.0.0.1, a free port, the handlers every client's
// workload uses. Prints `E2E_SERVER_READY {"port":N}` once listening and exits when its stdin closes, so it
// never outlives the harness.

const http = require('http');
const { Server } = require('socket.io');

const httpServer = http.createServer();
const io = new Server(httpServer, {
  // 64 KiB binary echoes over polling travel base64-encoded, several per request.
  maxHttpBufferSize: 1e8,
  // Idle clients must stay connected through the memory measure.
  pingInterval: 25000,
  pingTimeout: 60000,
});

const PUSH_PAYLOAD = 'tick';

io.on('connection', (socket) => {
  // Sequential and pipelined ack round trips.
  socket.on('ack', (value, ack) => ack(value));
  // Event round trips: the server answers an event with an event.
  socket.on('echo', (value) => socket.emit('echo', value));
  // Server push: the client asks for `count` small events.
  socket.on('push', (count, payload) => {
    for (let i = 0; i < count; i++) {
      socket.emit('p', payload === undefined ? PUSH_PAYLOAD : payload);
    }
  });
  // Binary echo through the ack.
  socket.on('bin', (buffer, ack) => ack(buffer));
  // Fire-and-forget small emits (allocation measure).
  socket.on('noop', () => {});
  // The server's own CPU time in microseconds, read by clients around each phase.
  socket.on('cpu', (ack) => {
    const usage = process.cpuUsage();
    ack({ user: usage.user, system: usage.system });
  });
});

httpServer.listen(0, '127.0.0.1', () => {
  process.stdout.write(`E2E_SERVER_READY ${JSON.stringify({ port: httpServer.address().port })}\n`);
});

process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
