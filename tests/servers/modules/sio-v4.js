'use strict';
// socket.io 4.8.x (Engine.IO rev 4 with maxPayload, Socket.IO protocol v5) with the baseline handlers.

const { startSocketIoServer } = require('../lib/socketio-server');

async function start(options) {
  const { info } = await startSocketIoServer(
    'socket.io-v4',
    ['allowEIO3', 'connectionStateRecovery', 'addTrailingSlash'],
    options);
  return info;
}

module.exports = { start };
