'use strict';
// Engine.IO handshakes (the first request of a connection, polling or WebSocket) that carry `tusk-refuse=<key>` in
// their query are refused with an HTTP error once a test asked for that key (event `refuse-handshakes` on
// /lifecycle). A test can so make every reconnection attempt of its own client fail, as against an unreachable
// server, without stopping a server that other tests share.

const refusedKeys = new Set();

/** Refuses the handshakes carrying `key` from now on. */
function refuseHandshakes(key) {
  if (typeof key === 'string' && key.length > 0) {
    refusedKeys.add(key);
  }
}

/** engine.io's `allowRequest(req, callback)` (engine.io 1.x to 6.x call it for handshakes only). */
function allowRequest(req, callback) {
  const key = (req._query || {})['tusk-refuse'];
  if (key !== undefined && refusedKeys.has(key)) {
    // A string that is not an engine.io error code: 403 {"code":4,"message":…} (engine.io 1.x: 400 with the text).
    callback('refused by the test', false);
    return;
  }
  callback(null, true);
}

module.exports = { refuseHandshakes, allowRequest };
