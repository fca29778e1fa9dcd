'use strict';
// socket.io 3.1.2 (Engine.IO rev 4, Socket.IO protocol v5) with the baseline handlers and
// the Socket.IO client scenarios (lib/socketio-scenarios.js).

const { startSocketIoServer } = require('../lib/socketio-server');
const { installScenarios } = require('../lib/socketio-scenarios');

async function start(options) {
  const { io, info } = await startSocketIoServer('socket.io-v3', ['allowEIO3'], options);
  installScenarios(io, { supportsAuth: true });
  return info;
}

module.exports = { start };
