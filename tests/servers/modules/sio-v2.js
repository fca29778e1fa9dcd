'use strict';
// socket.io 2.5.1 (Engine.IO rev 3, Socket.IO protocol v4) with the baseline handlers and
// the Socket.IO client scenarios (lib/socketio-scenarios.js).

const { startSocketIoServer } = require('../lib/socketio-server');
const { installScenarios } = require('../lib/socketio-scenarios');

async function start(options) {
  const { io, info } = await startSocketIoServer('socket.io-v2', [], options);
  installScenarios(io, { supportsAuth: false });
  return info;
}

module.exports = { start };
