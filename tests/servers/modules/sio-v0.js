'use strict';
// socket.io 0.9.19 (its own pre-Engine.IO protocol, handshake at /socket.io/1/) with the baseline handlers.
//
// json-options use the same names as the newer modules and are mapped to 0.9 settings:
//   path → 'resource'; pingInterval (ms) → 'heartbeat interval' (s); pingTimeout (ms) → 'heartbeat timeout' (s);
//   closeTimeout (ms) → 'close timeout' (s); maxHttpBufferSize → 'destroy buffer size'; transports → 'transports'.
// `serverOptions` (object, 0.9 setting names) is merged in verbatim.

const sio = require('socket.io-v0');
const { createHttpServer, listenOnLoopback } = require('../lib/listen');
const { packageVersion } = require('../lib/package-version');
const { installBaseline } = require('../lib/socketio-baseline');

function toSeconds(milliseconds) {
  return milliseconds / 1000;
}

function toSettings(options) {
  // 0.9 logs to stdout by default, which would corrupt the ready-line protocol.
  const settings = { log: false, 'browser client': false };
  if (options.path !== undefined) settings.resource = options.path;
  if (options.pingInterval !== undefined) settings['heartbeat interval'] = toSeconds(options.pingInterval);
  if (options.pingTimeout !== undefined) settings['heartbeat timeout'] = toSeconds(options.pingTimeout);
  if (options.closeTimeout !== undefined) settings['close timeout'] = toSeconds(options.closeTimeout);
  if (options.maxHttpBufferSize !== undefined) settings['destroy buffer size'] = options.maxHttpBufferSize;
  if (options.transports !== undefined) settings.transports = options.transports;
  return { ...settings, ...(options.serverOptions || {}) };
}

async function start(options) {
  const httpServer = createHttpServer();
  const settings = toSettings(options);
  const io = sio.listen(httpServer, settings);
  const namespaces = installBaseline(io);
  const port = await listenOnLoopback(httpServer);
  return {
    port,
    path: settings.resource || '/socket.io',
    version: packageVersion('socket.io-v0'),
    namespaces,
  };
}

module.exports = { start };
