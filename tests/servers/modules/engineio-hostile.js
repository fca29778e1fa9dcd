'use strict';
// A broken "Engine.IO server" for robustness tests: it answers polling requests on any path with whatever the
// `hostile` query parameter asks for. Handshake requests (no sid) and later requests (with sid) can be chosen
// separately: `hostile=<handshake behaviour>[,<later behaviour>]`.
//   open          → a valid revision 4 handshake (pingInterval 5000, pingTimeout 5000)
//   open-close    → the handshake and a close packet in the same payload (the session ends as it opens)
//   open-ping1    → a handshake with pingInterval 1 and pingTimeout 1 (the session times out as it opens)
//   binary-header-then-close → (a later poll) a Socket.IO CONNECT reply, a binary EVENT header announcing one
//                  attachment, and an Engine.IO close: the attachment never comes
//   binary-repeated-placeholder → (a later poll) a CONNECT reply, a binary EVENT whose 1,500 placeholders all refer
//                  to its one 10 KB attachment, the attachment, and an Engine.IO close
//   garbage       → 200 "\x07garbage"
//   truncated-v3  → 200 "96:0{\"sid\":\"a\"}" (the length announces more than there is)
//   huge-length   → 200 "99999999999:4"
//   binary        → 200 application/octet-stream 00 05 0a ff (a digit above 9)
//   not-open      → 200 "4hello"
//   bad-json      → 200 "0{oops"
//   html-error    → 500 text/html "<h1>boom</h1>"
//   hang          → never answers (the connection stays open)
// A WebSocket request with a ws-* behaviour is upgraded by hand (any other is answered as above); the server then
// sends the handshake as a text frame and whatever the behaviour asks for:
//   ws-fragments:N → a message packet "4x…xy" in N frames (a text frame and N-1 continuations, 1 byte each)
// It answers the client's close frame and ends the connection; the client's other frames are ignored.

const crypto = require('node:crypto');
const http = require('node:http');
const { createHttpServer, listenOnLoopback } = require('../lib/listen');

const HANDSHAKE = '0{"sid":"hostile","upgrades":[],"pingInterval":5000,"pingTimeout":5000,"maxPayload":1000000}';
const HANDSHAKE_PING1 = '0{"sid":"hostile","upgrades":[],"pingInterval":1,"pingTimeout":1,"maxPayload":1000000}';

function respond(res, behaviour) {
  const text = (body, status = 200, type = 'text/plain; charset=UTF-8') => {
    res.writeHead(status, { 'Content-Type': type });
    res.end(body);
  };
  switch (behaviour) {
    case 'open': return text(HANDSHAKE);
    case 'open-close': return text(`${HANDSHAKE}\x1e1`);
    case 'open-ping1': return text(HANDSHAKE_PING1);
    case 'binary-header-then-close':
      return text('40{"sid":"hostile-socket"}\x1e451-["file",{"_placeholder":true,"num":0}]\x1e1');
    case 'binary-repeated-placeholder': {
      // One 10 KB attachment referred to by 1,500 placeholders (socket.io's parser gives every binary value its own).
      const placeholders = new Array(1500).fill('{"_placeholder":true,"num":0}').join(',');
      const attachment = Buffer.alloc(10_000, 7).toString('base64');
      return text(`40{"sid":"hostile-socket"}\x1e451-["e",${placeholders}]\x1eb${attachment}\x1e1`);
    }
    case 'garbage': return text('\x07garbage');
    case 'truncated-v3': return text('96:0{"sid":"a"}');
    case 'huge-length': return text('99999999999:4');
    case 'binary':
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      return res.end(Buffer.from([0x00, 0x05, 0x0a, 0xff]));
    case 'not-open': return text('4hello');
    case 'bad-json': return text('0{oops');
    case 'html-error': return text('<h1>boom</h1>', 500, 'text/html');
    case 'ok-post': return text('ok', 200, 'text/html');
    case 'hang': return undefined;
    default: return text(`unknown behaviour ${behaviour}`, 400);
  }
}

// One unmasked server frame with a payload shorter than 126 bytes.
function frame(opcode, payload, fin) {
  const data = Buffer.from(payload);
  return Buffer.concat([Buffer.from([(fin ? 0x80 : 0) | opcode, data.length]), data]);
}

// Reads the client's (masked) frames and ignores them, except a close frame: that one is answered with a close frame
// carrying the same status code, and the connection ends, as RFC 6455 asks of any server (a client that closes then
// does not wait out its close timeout).
function answerCloseFrames(socket) {
  let buffered = Buffer.alloc(0);
  socket.on('data', (chunk) => {
    buffered = Buffer.concat([buffered, chunk]);
    for (;;) {
      if (buffered.length < 2) return;
      const opcode = buffered[0] & 0x0f;
      let length = buffered[1] & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (buffered.length < 4) return;
        length = buffered.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (buffered.length < 10) return;
        length = Number(buffered.readBigUInt64BE(2));
        offset = 10;
      }
      const masked = (buffered[1] & 0x80) !== 0;
      const end = offset + (masked ? 4 : 0) + length;
      if (buffered.length < end) return;
      if (opcode === 0x8) {
        const payload = Buffer.from(buffered.subarray(end - length, end));
        if (masked) {
          const mask = buffered.subarray(offset, offset + 4);
          for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i % 4];
        }
        socket.end(Buffer.concat([Buffer.from([0x88, Math.min(payload.length, 2)]), payload.subarray(0, 2)]));
        return;
      }
      buffered = buffered.subarray(end);
    }
  });
}

function upgrade(server, req, socket) {
  socket.on('error', () => {});
  const behaviour = new URL(req.url, 'http://localhost').searchParams.get('hostile') || '';
  if (!behaviour.startsWith('ws-')) {
    // Not a WebSocket behaviour: answer the upgrade request like any other request (an error page, a hang, ...).
    const res = new http.ServerResponse(req);
    res.assignSocket(socket);
    res.shouldKeepAlive = false;
    server.emit('request', req, res);
    return;
  }

  answerCloseFrames(socket);
  const key = req.headers['sec-websocket-key'];
  const accept = crypto.createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
  socket.write(frame(0x1, HANDSHAKE, true));
  const fragments = /^ws-fragments:(\d+)$/.exec(behaviour);
  if (fragments) {
    const count = Number(fragments[1]);
    const frames = [frame(0x1, '4', count === 1)];
    for (let i = 1; i < count; i++) {
      frames.push(frame(0x0, i === count - 1 ? 'y' : 'x', i === count - 1));
    }
    socket.write(Buffer.concat(frames));
  }
}

async function start() {
  const server = createHttpServer();
  server.on('upgrade', (req, socket) => upgrade(server, req, socket));
  server.on('request', (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const [first, later] = (url.searchParams.get('hostile') || 'garbage').split(',');
    if (req.method === 'POST') {
      req.resume();
      req.on('end', () => respond(res, later === 'hang' ? 'hang' : 'ok-post'));
      return;
    }
    respond(res, url.searchParams.has('sid') ? (later || 'hang') : first);
  });
  const port = await listenOnLoopback(server);
  return { port };
}

module.exports = { start };
