'use strict';
// Loopback-only listening helper shared by the server modules.

const http = require('node:http');

/** Creates a plain HTTP server (no request handler of its own). */
function createHttpServer() {
  return http.createServer();
}

/** Listens on 127.0.0.1 with an OS-assigned free port and resolves that port. */
function listenOnLoopback(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve(server.address().port);
    });
  });
}

module.exports = { createHttpServer, listenOnLoopback };
