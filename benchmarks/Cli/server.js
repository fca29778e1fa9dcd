'use strict';
// The socket.io 4.8 server both load generators talk to: one process, one Server attached to several HTTP servers on
// 127.0.0.1 (several ports, so that 10,000 connections from one client address stay far from the ~28,000 ephemeral
// ports towards one address and port). `echo` acknowledges with its arguments when asked, and otherwise emits `echo`
// back, as the bundled sample server does; `noop` is only counted (the fire-and-forget scenario). `GET /stats` on any port answers the counts and the server's own CPU time,
// so the figures of both generators are counted by the same neutral party.
//
//   node server.js [ports=4]     prints `CLI_BENCH_SERVER_READY {"ports":[...]}`; exits when its stdin closes.

const http = require('node:http');
const { Server } = require('socket.io');

const portCount = Number(process.argv[2] ?? 4);
const stats = { connections: 0, connected: 0, echoes: 0, acks: 0, noops: 0 };

const io = new Server({ pingInterval: 25000, pingTimeout: 60000, serveClient: false });
io.on('connection', (socket) => {
  stats.connections++;
  stats.connected++;
  socket.on('disconnect', () => { stats.connected--; });
  socket.on('noop', () => { stats.noops++; });
  socket.on('echo', (...args) => {
    const ack = typeof args[args.length - 1] === 'function' ? args.pop() : null;
    stats.echoes++;
    if (ack) {
      stats.acks++;
      ack(...args);
    } else {
      socket.emit('echo', ...args);
    }
  });
});

function answerStats(req, res) {
  if (req.url === '/stats') {
    const cpu = process.cpuUsage();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ...stats, cpuMicroseconds: cpu.user + cpu.system }));
  }
}

const listening = [];
for (let i = 0; i < portCount; i++) {
  const server = http.createServer();
  server.on('request', answerStats);
  server.maxConnections = 30000;
  io.attach(server);
  listening.push(new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port))));
}

Promise.all(listening).then((ports) => {
  process.stdout.write(`CLI_BENCH_SERVER_READY ${JSON.stringify({ ports })}\n`);
});

process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
