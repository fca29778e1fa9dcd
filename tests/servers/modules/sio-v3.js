'use strict';
// socket.io 3.1.2 (Engine.IO rev 4, Socket.IO protocol v5) with the baseline handlers.

const { startSocketIoServer } = require('../lib/socketio-server');

async function start(options) {
  const { info } = await startSocketIoServer('socket.io-v3', ['allowEIO3'], options);
  return info;
}

module.exports = { start };
