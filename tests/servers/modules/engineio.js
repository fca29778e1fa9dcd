'use strict';
// A plain engine.io 6.x server (Engine.IO revision 4, maxPayload in the handshake) that echoes messages.
// Options: path, pingInterval, pingTimeout, maxHttpBufferSize, allowUpgrades, transports, upgradeTimeout,
// cookie, allowEIO3, addTrailingSlash, serverOptions (merged verbatim). See engineio-shared.js for the commands.

const { startEngineIoServer } = require('./engineio-shared');

async function start(options) {
  return startEngineIoServer('engine.io', options);
}

module.exports = { start };
