'use strict';
// Starts a socket.io 1.x–4.x server (they share the `require(pkg)(httpServer, options)` entry point)
// with the baseline handlers, on a loopback port.

const { createHttpServer, listenOnLoopback } = require('./listen');
const { packageVersion } = require('./package-version');
const { installBaseline, pickOptions } = require('./socketio-baseline');
const { allowRequest } = require('./handshake-refusals');

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
    allowRequest,
    ...pickOptions(options, [...COMMON_OPTION_KEYS, ...extraOptionKeys]),
    ...(options.serverOptions || {}),
  };
  const io = createIo(httpServer, serverOptions);
  const namespaces = installBaseline(io);
  answerOtherPaths(httpServer, serverOptions.path || '/socket.io', options.otherPaths);
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

/**
 * What the HTTP server does with a path no socket.io server listens on. By default nothing (a bare Node server never
 * answers); 'not-found' answers 404 to requests and upgrades, as an application with routes does; 'close' closes an
 * upgrade request's connection without an answer.
 */
function answerOtherPaths(httpServer, path, mode) {
  if (!mode) {
    return;
  }
  const elsewhere = (req) => !req.url.startsWith(path.replace(/\/$/, '') + '/');
  httpServer.on('request', (req, res) => {
    if (elsewhere(req) && !res.headersSent) {
      res.writeHead(404).end();
    }
  });
  httpServer.on('upgrade', (req, socket) => {
    if (!elsewhere(req)) {
      return;
    }
    if (mode === 'not-found') {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    } else {
      socket.destroy();
    }
  });
}

module.exports = { startSocketIoServer };
