'use strict';
// socket.io 2.5.1 (Engine.IO rev 3, Socket.IO protocol v4) with the baseline handlers.

const { startSocketIoServer } = require('../lib/socketio-server');

async function start(options) {
  const { info } = await startSocketIoServer('socket.io-v2', [], options);
  return info;
}

module.exports = { start };
