'use strict';
// Handlers for the Socket.IO client tests (Elephant.io's example scenarios plus the client behaviours the
// Tusk.SocketIO tests check). Uses only APIs present from socket.io 1.x to 4.x, and guards the newer ones.

const { refuseHandshakes } = require('./handshake-refusals');

const attachments = new Map();

function lastCallback(args) {
  return args.length > 0 && typeof args[args.length - 1] === 'function' ? args[args.length - 1] : undefined;
}

function describe(value) {
  if (Buffer.isBuffer(value)) {
    return { type: 'buffer', length: value.length, first: value.length > 0 ? value[0] : null };
  }
  if (value instanceof ArrayBuffer) {
    return { type: 'buffer', length: value.byteLength, first: value.byteLength > 0 ? new Uint8Array(value)[0] : null };
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

function installScenarios(io, { supportsAuth }) {
  // A middleware of the main namespace that refuses connections whose handshake query has `refuse-main`. On protocol
  // v3/v4 connections (1.x, 2.x, 4.x with allowEIO3) that refusal is an ERROR on "/" that concerns every namespace; on v5
  // only "/" itself is refused.
  io.use((socket, next) => {
    const query = (socket.handshake && socket.handshake.query) || {};
    if (query['refuse-main'] !== undefined) {
      return next(new Error('refused by the main namespace'));
    }
    return next();
  });

  // basic: hello on connect; test(a1, a2, a3) → test(1, 2, 'Okay').
  io.of('/basic').on('connection', (socket) => {
    socket.emit('hello');
    socket.on('test', () => socket.emit('test', 1, 2, 'Okay'));
  });

  // ack both ways.
  io.of('/ack').on('connection', (socket) => {
    socket.on('test-send-ack', (...args) => {
      const cb = lastCallback(args);
      if (cb) {
        cb('+ack');
      }
    });
    socket.on('test-recv-ack', () => {
      socket.emit('test-recv-ack', { success: true }, (...reply) => socket.emit('client-acked', describe(reply)));
    });
    socket.on('request-binary-ack', () => {
      socket.emit('request-binary-ack', (...reply) => socket.emit('client-acked', describe(reply)));
    });
    // A camelCase object, as JS code writes them: subscribe(topic, ack) -> ack({ topic, subscribed: true }).
    socket.on('subscribe', (...args) => {
      const cb = lastCallback(args);
      if (cb) {
        cb({ topic: args[0], subscribed: true });
      }
    });
    socket.on('binary-ack', (...args) => {
      const cb = lastCallback(args);
      if (cb) {
        cb(Buffer.from([1, 2, 3]), { nested: Buffer.from([4, 5]), list: [Buffer.from([6])] });
      }
    });
  });

  // binary: accumulate parts per hash, send the whole back; describe whatever arrives.
  io.of('/binary-event').on('connection', (socket) => {
    socket.on('test-binary-attachment', (data) => {
      if (!data || !data.hash || !Buffer.isBuffer(data.content)) {
        socket.emit('test-binary-attachment', { success: false });
        return;
      }
      const parts = attachments.get(data.hash) || [];
      parts.push(data.content);
      attachments.set(data.hash, parts);
      socket.emit('test-binary-attachment', { success: true, length: parts.reduce((n, p) => n + p.length, 0) });
    });
    socket.on('test-binary', (data) => {
      const parts = attachments.get(data && data.hash) || [];
      attachments.delete(data && data.hash);
      socket.emit('test-binary', { success: true, time: Buffer.from(new Date().toString()), payload: Buffer.concat(parts) });
    });
    socket.on('describe', (...args) => {
      const cb = lastCallback(args);
      const values = cb ? args.slice(0, -1) : args;
      if (cb) {
        cb(describe(values));
      }
    });
  });

  // error handling: the server only listens.
  io.of('/error-handling').on('connection', () => {});

  // handshake auth (socket.io 3+).
  if (supportsAuth) {
    const nsp = io.of('/handshake-auth');
    nsp.use((socket, next) => {
      const auth = socket.handshake.auth || {};
      if (auth.user && auth.token) {
        if (auth.user === 'random@example.com' && auth.token === 'my-secret-token') {
          return next();
        }
        return next(new Error('invalid credentials'));
      }
      return next(new Error('missing auth from the handshake'));
    });
    nsp.on('connection', (socket) => {
      socket.on('echo', (message) => socket.emit('echo', message));
      socket.on('drop-transport', () => socket.conn.close());
      socket.on('auth', (...args) => {
        const cb = lastCallback(args);
        if (cb) {
          cb(socket.handshake.auth);
        }
      });
    });
  }

  // per-namespace auth (socket.io 3+): only an auth payload with role "admin" may join; `auth` acks what arrived.
  if (supportsAuth) {
    const adminAuth = io.of('/admin-auth');
    adminAuth.use((socket, next) => {
      const auth = socket.handshake.auth || {};
      return auth.role === 'admin' ? next() : next(new Error('admins only'));
    });
    adminAuth.on('connection', (socket) => {
      socket.on('auth', (...args) => {
        const cb = lastCallback(args);
        if (cb) {
          cb(socket.handshake.auth);
        }
      });
    });
  }

  // header auth.
  const tokens = new Map();
  const headerAuth = io.of('/header-auth');
  headerAuth.use((socket, next) => {
    const headers = socket.request.headers;
    const match = /^Bearer (.+)$/.exec(headers.authorization || '');
    if (!match) {
      return next(new Error('no authorization header'));
    }
    if (!tokens.has(match[1]) && headers.user) {
      tokens.set(match[1], headers.user);
    }
    return next();
  });
  headerAuth.on('connection', (socket) => {
    socket.on('message', (data) => {
      const user = tokens.get(data && data.token);
      let reply;
      if (!user) {
        reply = "Sorry. I don't remember you.";
      } else if (String(data.message).includes('remember')) {
        reply = `I remember you, ${user}`;
      } else {
        reply = `I am fine, ${user}`;
      }
      socket.emit('message', reply);
    });
    socket.on('headers', (...args) => {
      const cb = lastCallback(args);
      if (cb) {
        const h = socket.request.headers;
        cb({ 'x-my-header': h['x-my-header'] || null, 'user-agent': h['user-agent'] || null, origin: h.origin || null, traceparent: h.traceparent || null });
      }
    });
  });

  // keep-alive and polling: echo messages.
  for (const name of ['/keep-alive', '/polling']) {
    io.of(name).on('connection', (socket) => {
      socket.on('message', (data) => socket.emit('message', name === '/keep-alive' ? { success: true } : data));
    });
  }

  // a middleware that never calls next(): the namespace CONNECT is never answered.
  io.of('/silent').use(() => {});

  // middleware rejection with message and data.
  const reject = io.of('/reject');
  reject.use((socket, next) => {
    const error = new Error('not authorized');
    error.data = { code: 42, reason: 'banned' };
    next(error);
  });

  // lifecycle: server-side drops and disconnects, acks that never come, retries.
  io.of('/lifecycle').on('connection', (socket) => {
    const seen = new Map();
    socket.on('drop-transport', () => socket.conn.close());
    socket.on('kick-me', () => socket.disconnect());
    socket.on('refuse-handshakes', (...args) => {
      refuseHandshakes(args[0]);
      const cb = lastCallback(args);
      if (cb) {
        cb(true);
      }
    });
    socket.on('never-ack', () => {});
    socket.on('ack-on-attempt', (...args) => {
      const cb = lastCallback(args);
      const key = args[0];
      const count = (seen.get(key) || 0) + 1;
      seen.set(key, count);
      if (cb && count >= args[1]) {
        cb(count);
      }
    });
    socket.on('call-me', (...args) => {
      const cb = lastCallback(args);
      socket.emit('call-me', 'ping', (...reply) => {
        if (cb) {
          cb(describe(reply));
        }
      });
    });
    socket.on('echo', (...args) => {
      const cb = lastCallback(args);
      socket.emit('echo', ...(cb ? args.slice(0, -1) : args));
    });
  });

  // backpressure: a burst of `count` events of `size` characters, then the server ends the socket (DISCONNECT last).
  io.of('/flood').on('connection', (socket) => {
    socket.on('flood', (count, size) => {
      const payload = 'x'.repeat(size);
      for (let i = 0; i < count; i++) {
        socket.emit('flood', i, payload);
      }
      socket.disconnect();
    });
  });

  // connection state recovery (meaningful on 4.6+ servers started with connectionStateRecovery).
  io.of('/csr').on('connection', (socket) => {
    socket.emit('welcome', socket.recovered === true);
    socket.on('join', (room, ...rest) => {
      socket.join(room);
      const cb = lastCallback(rest);
      if (cb) {
        cb(true);
      }
    });
    socket.on('tick', (room) => io.of('/csr').to(room).emit('tick', 1));
    socket.on('drop-and-miss', (room) => {
      socket.conn.close();
      setTimeout(() => io.of('/csr').to(room).emit('missed', 'while-away'), 20);
    });
  });
}

module.exports = { installScenarios };
