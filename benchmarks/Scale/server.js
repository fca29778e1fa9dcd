'use strict';
// One socket.io 4.8 server of the scale benchmark: one process, one port, default options except pingInterval (the
// benchmark may lower it to shorten its idle windows). The benchmark starts several of these, because one process may
// hold at most about 19,000 sockets here (open-file limit 20,000) and one client address can reach one server address
// and port from about 28,000 ephemeral ports.
//
//   node server.js <servers-dir> <address> <pingIntervalMs> <transports>
//     <servers-dir>: tests/servers (socket.io 4.8 is installed there as socket.io-v4)
//     <transports>: "websocket" (the clients connect with WebSocket only) or "polling,websocket" (socket.io's default)
//   prints `SCALE_SERVER_READY {"port":N}`; then answers each `stats` line on stdin with
//   `SCALE_SERVER_STATS {"connected":N,"connections":N,"heartbeats":N,"cpuMicroseconds":N,"rssBytes":N}`;
//   exits when its stdin closes.

const http = require('node:http');
const path = require('node:path');
const readline = require('node:readline');

const [serversDir, address, pingIntervalArg, transportsArg] = process.argv.slice(2);
const { Server } = require(path.join(serversDir, 'node_modules', 'socket.io-v4'));

const stats = { connected: 0, connections: 0, heartbeats: 0 };
const httpServer = http.createServer();
httpServer.maxConnections = 19000;
const io = new Server(httpServer, {
  pingInterval: Number(pingIntervalArg),
  serveClient: false,
  transports: transportsArg.split(','),
});

io.engine.on('connection', (engineSocket) => {
  // engine.io (revision 4) emits "heartbeat" for every pong it receives.
  engineSocket.on('heartbeat', () => { stats.heartbeats++; });
});
io.on('connection', (socket) => {
  stats.connections++;
  stats.connected++;
  socket.on('disconnect', () => { stats.connected--; });
});

httpServer.listen(0, address, () => {
  process.stdout.write(`SCALE_SERVER_READY ${JSON.stringify({ port: httpServer.address().port })}\n`);
});

const lines = readline.createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.trim() === 'stats') {
    const cpu = process.cpuUsage();
    const answer = { ...stats, cpuMicroseconds: cpu.user + cpu.system, rssBytes: process.memoryUsage.rss() };
    process.stdout.write(`SCALE_SERVER_STATS ${JSON.stringify(answer)}\n`);
  }
});
lines.on('close', () => process.exit(0));
