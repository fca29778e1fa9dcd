'use strict';
// socket.io 4.8.x (Engine.IO rev 4 with maxPayload, Socket.IO protocol v5) with the baseline handlers and
// the Socket.IO client scenarios (lib/socketio-scenarios.js).

const { startSocketIoServer } = require('../lib/socketio-server');
const { installScenarios } = require('../lib/socketio-scenarios');

async function start(options) {
  const { io, info } = await startSocketIoServer(
    'socket.io-v4',
    ['allowEIO3', 'connectionStateRecovery', 'addTrailingSlash'],
    options);
  installScenarios(io, { supportsAuth: true });
  return info;
}

module.exports = { start };
