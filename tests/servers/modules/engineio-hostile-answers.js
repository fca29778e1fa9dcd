'use strict';
// A hostile "Engine.IO server" (revision 4, polling, plus a hand-made WebSocket for the upgrade probe) whose answers
// the query parameters choose. Every request of a session carries them, so one shared server serves every test.
//   h=<text>        the handshake poll's body (default a valid handshake, pingInterval 5000, pingTimeout 5000)
//   flood=N         the first poll with a sid answers N pings ("2x", a ping with data, joined by \x1e); later polls are held until the
//                   client POSTs the message "4done" (so in every session, flood or not), then answered with
//                   "4" + JSON {posts, pongs, maxPongsPerPost, pongsWithData, others}: what the POSTs before it carried
//   bulk=N:SIZE     the first poll with a sid answers N messages of SIZE bytes ("4aaa…") and then a ping
//   poll=<text>     the first poll with a sid answers this text (later polls are held)
//   pollhex=<hex>   the same with raw bytes
//   post=redirect   POSTs are answered 302 to /moved (which answers 200 "ok" to anything)
//   get=redirect    the handshake poll is answered 302 to /moved?... (which answers a valid handshake)
//   status=N&body=<text>  the handshake poll is answered with that status and body
//   probe=<text>    a WebSocket with a sid answers the client's 2probe with a text frame of this text
// Polls that are held stay open until the client gives up (the session's close ends the requests).

const crypto = require('node:crypto');
const { createHttpServer, listenOnLoopback } = require('../lib/listen');

const HANDSHAKE = '0{"sid":"hostile-answers","upgrades":["websocket"],"pingInterval":5000,"pingTimeout":5000,"maxPayload":1000000}';

function text(res, body, status = 200, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=UTF-8', ...headers });
  res.end(body);
}

// Per-session state of the flood behaviour, by the test's own "run" parameter (the sid is the same for every session).
const runs = new Map();

function runState(run) {
  let state = runs.get(run);
  if (!state) {
    state = { polls: 0, posts: 0, pongs: 0, maxPongsPerPost: 0, pongsWithData: 0, others: 0, done: false, held: [] };
    runs.set(run, state);
  }
  return state;
}

function report(state) {
  return '4' + JSON.stringify({
    posts: state.posts, pongs: state.pongs, maxPongsPerPost: state.maxPongsPerPost, pongsWithData: state.pongsWithData, others: state.others,
  });
}

function onPost(req, res, query, state) {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    if (query.get('post') === 'redirect') {
      return text(res, 'moved', 302, { Location: '/moved' });
    }
    const packets = Buffer.concat(chunks).toString('utf8').split('\x1e');
    const pongs = packets.filter((p) => p.startsWith('3'));
    if (!state.done) {
      state.posts++;
      state.pongs += pongs.length;
      state.pongsWithData += pongs.filter((p) => p.length > 1).length;
      state.maxPongsPerPost = Math.max(state.maxPongsPerPost, pongs.length);
      state.others += packets.filter((p) => !p.startsWith('3') && p !== '4done').length;
      if (packets.includes('4done')) {
        state.done = true;
        for (const held of state.held.splice(0)) text(held, report(state));
      }
    }
    text(res, 'ok');
  });
}

function onGet(req, res, query, state) {
  if (!query.has('sid')) {
    if (query.get('get') === 'redirect') {
      return text(res, 'moved', 302, { Location: `/moved?handshake=1&${query}` });
    }
    if (query.has('status')) {
      return text(res, query.get('body') || '', Number(query.get('status')), { 'Content-Type': 'application/json' });
    }
    return text(res, query.has('h') ? query.get('h') : HANDSHAKE);
  }
  state.polls++;
  if (state.polls === 1) {
    if (query.has('flood')) {
      return text(res, new Array(Number(query.get('flood'))).fill('2x').join('\x1e'));
    }
    if (query.has('bulk')) {
      const [count, size] = query.get('bulk').split(':').map(Number);
      return text(res, [...new Array(count).fill('4' + 'a'.repeat(size)), '2'].join('\x1e'));
    }
    if (query.has('poll')) {
      return text(res, query.get('poll'));
    }
    if (query.has('pollhex')) {
      return text(res, Buffer.from(query.get('pollhex'), 'hex'));
    }
  }
  if (state.done) {
    return text(res, report(state));
  }
  state.held.push(res);
  return undefined;
}

// One unmasked server frame (payloads up to 65,535 bytes).
function frame(opcode, payload) {
  const data = Buffer.from(payload);
  const head = data.length < 126
    ? Buffer.from([0x80 | opcode, data.length])
    : Buffer.from([0x80 | opcode, 126, data.length >> 8, data.length & 0xff]);
  return Buffer.concat([head, data]);
}

function upgrade(req, socket) {
  socket.on('error', () => {});
  const query = new URL(req.url, 'http://localhost').searchParams;
  const key = req.headers['sec-websocket-key'];
  const accept = crypto.createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
  let answered = false;
  socket.on('data', (chunk) => {
    // The first frame from the client is its 2probe; whatever it is, the answer is the one asked for. A close frame
    // (alone in its chunk: the client waits for the answer) is answered and ends the connection.
    if (!answered) {
      answered = true;
      socket.write(frame(0x1, query.get('probe') || '3probe'));
    } else if ((chunk[0] & 0x0f) === 0x8) {
      socket.end(frame(0x8, Buffer.from([0x03, 0xe8])));
    }
  });
}

async function start() {
  const server = createHttpServer();
  server.on('upgrade', (req, socket) => upgrade(req, socket));
  server.on('request', (req, res) => {
    res.on('error', () => {});
    const url = new URL(req.url, 'http://localhost');
    const query = url.searchParams;
    if (url.pathname === '/moved') {
      req.resume();
      return text(res, query.has('handshake') ? HANDSHAKE : 'ok');
    }
    const state = runState(query.get('run') || '');
    if (req.method === 'POST') {
      return onPost(req, res, query, state);
    }
    return onGet(req, res, query, state);
  });
  const port = await listenOnLoopback(server);
  return { port };
}

module.exports = { start };
