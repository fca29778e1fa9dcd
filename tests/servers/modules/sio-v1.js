'use strict';
// socket.io 1.7.4 (Engine.IO rev 3, Socket.IO protocol v4) with the baseline handlers.

const { startSocketIoServer } = require('../lib/socketio-server');

async function start(options) {
  const { info } = await startSocketIoServer('socket.io-v1', [], options);
  return info;
}

module.exports = { start };
