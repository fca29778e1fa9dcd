'use strict';
// Baseline behaviour every socket.io server module offers, whatever its version.
// The APIs used here (io.of(nsp).on('connection'), socket.on, socket.emit) exist from 0.9 to 4.x.
//
//   echo      → emits `echo` back with the same arguments
//   ack-echo  → acknowledges with the same arguments
//   whoami    → acknowledges with socket.id as the server knows it

const NAMESPACES = ['/', '/admin'];

function withoutAckCallback(args) {
  return args.length > 0 && typeof args[args.length - 1] === 'function'
    ? { values: args.slice(0, -1), ack: args[args.length - 1] }
    : { values: args, ack: undefined };
}

function attachBaselineHandlers(socket) {
  socket.on('echo', (...args) => {
    const { values, ack } = withoutAckCallback(args);
    socket.emit('echo', ...values);
    if (ack) {
      ack(...values);
    }
  });
  socket.on('ack-echo', (...args) => {
    const { values, ack } = withoutAckCallback(args);
    if (ack) {
      ack(...values);
    }
  });
  socket.on('whoami', (...args) => {
    const { ack } = withoutAckCallback(args);
    if (ack) {
      ack(socket.id);
    }
  });
}

/** Installs the baseline handlers on the default namespace and on /admin. */
function installBaseline(io) {
  for (const nsp of NAMESPACES) {
    // io.sockets is the default namespace in every version; 0.9 names it '' and would treat of('/') as another endpoint.
    const namespace = nsp === '/' ? io.sockets : io.of(nsp);
    namespace.on('connection', attachBaselineHandlers);
  }
  return NAMESPACES;
}

/** Copies the listed keys of `options` that are present (not undefined). */
function pickOptions(options, keys) {
  const picked = {};
  for (const key of keys) {
    if (options[key] !== undefined) {
      picked[key] = options[key];
    }
  }
  return picked;
}

module.exports = { installBaseline, attachBaselineHandlers, pickOptions, NAMESPACES };
