'use strict';
// Starts a socket.io 1.x–4.x server (they share the `require(pkg)(httpServer, options)` entry point)
// with the baseline handlers, on a loopback port.

const { createHttpServer, listenOnLoopback } = require('./listen');
const { packageVersion } = require('./package-version');
const { installBaseline, pickOptions } = require('./socketio-baseline');

const COMMON_OPTION_KEYS = ['path', 'pingInterval', 'pingTimeout', 'maxHttpBufferSize', 'transports', 'allowUpgrades', 'cookie'];

/**
 * @param {string} packageName        aliased package, e.g. 'socket.io-v4'
 * @param {string[]} extraOptionKeys  version-specific server options accepted from json-options
 * @param {object} options            json-options; `serverOptions` (object) is merged in verbatim
 */
async function startSocketIoServer(packageName, extraOptionKeys, options) {
  const createIo = require(packageName);
  const httpServer = createHttpServer();
  const serverOptions = {
    serveClient: false,
    ...pickOptions(options, [...COMMON_OPTION_KEYS, ...extraOptionKeys]),
    ...(options.serverOptions || {}),
  };
  const io = createIo(httpServer, serverOptions);
  const namespaces = installBaseline(io);
  const port = await listenOnLoopback(httpServer);
  return {
    io,
    httpServer,
    info: {
      port,
      path: serverOptions.path || '/socket.io',
      version: packageVersion(packageName),
      namespaces,
    },
  };
}

module.exports = { startSocketIoServer };
