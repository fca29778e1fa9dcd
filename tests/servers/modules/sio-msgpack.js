'use strict';
// socket.io 4.8.x with the msgpack parser (npm socket.io-msgpack-parser 3.x): every Socket.IO packet is one binary
// Engine.IO message holding a msgpack map {type, nsp, data, id}. Same baseline handlers and client scenarios as
// sio-v4, plus /msgpack for the values only msgpack can carry (dates, undefined, ArrayBuffer, 64-bit integers).

const msgpackParser = require('socket.io-msgpack-parser');
const { startSocketIoServer } = require('../lib/socketio-server');
const { installScenarios } = require('../lib/socketio-scenarios');
const { packageVersion } = require('../lib/package-version');

function lastCallback(args) {
  return args.length > 0 && typeof args[args.length - 1] === 'function' ? args[args.length - 1] : undefined;
}

/** What arrived, in JSON terms a test can compare: buffers as {type, hex}, numbers with their JS type. */
function describe(value) {
  if (Buffer.isBuffer(value)) {
    return { type: 'buffer', hex: value.toString('hex') };
  }
  if (value instanceof ArrayBuffer) {
    return { type: 'arraybuffer', hex: Buffer.from(value).toString('hex') };
  }
  if (value instanceof Date) {
    return { type: 'date', ms: value.getTime() };
  }
  if (value === undefined) {
    return { type: 'undefined' };
  }
  if (Array.isArray(value)) {
    return value.map(describe);
  }
  if (value && typeof value === 'object') {
    const out = {};
    for (const key of Object.keys(value)) {
      out[key] = describe(value[key]);
    }
    return out;
  }
  return value;
}

function installMsgpackScenarios(io) {
  io.of('/msgpack').on('connection', (socket) => {
    // The client's values as the server's decoder saw them.
    socket.on('describe', (...args) => {
      const cb = lastCallback(args);
      if (cb) {
        cb(describe(cb ? args.slice(0, -1) : args));
      }
    });

    // Values msgpack carries that JSON has no words for.
    socket.on('special-values', (...args) => {
      const cb = lastCallback(args);
      const values = [
        new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678)),
        [1, undefined, 3],
        { kept: 1, dropped: undefined },
        new Uint8Array([7, 8, 9]).buffer,
        Buffer.from([10, 11]),
        2 ** 40,
        -(2 ** 40),
        1.5,
        'ünïcødé ✓',
      ];
      if (cb) {
        cb(...values);
      } else {
        socket.emit('special-values', ...values);
      }
    });

    // The server asks the client for an ack and reports what the ack carried.
    socket.on('call-me', (...args) => {
      socket.emit('call-me', ...args.filter((a) => typeof a !== 'function'), (...reply) => {
        socket.emit('client-acked', describe(reply));
      });
    });
  });
}

async function start(options) {
  const { io, info } = await startSocketIoServer(
    'socket.io-v4',
    ['allowEIO3', 'connectionStateRecovery', 'addTrailingSlash'],
    { ...options, serverOptions: { ...(options.serverOptions || {}), parser: msgpackParser } });
  installScenarios(io, { supportsAuth: true });
  installMsgpackScenarios(io);
  return { ...info, parser: `socket.io-msgpack-parser ${packageVersion('socket.io-msgpack-parser')}` };
}

module.exports = { start };
