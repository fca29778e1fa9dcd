'use strict';
// A plain engine.io 3.x server (Engine.IO revision 3; the client pings) that echoes messages.
// Options: path, pingInterval, pingTimeout, maxHttpBufferSize, allowUpgrades, transports, upgradeTimeout, cookie,
// serverOptions (merged verbatim). See engineio-shared.js for the commands.

const { startEngineIoServer } = require('./engineio-shared');

async function start(options) {
  return startEngineIoServer('engine.io-v3', options);
}

module.exports = { start };
