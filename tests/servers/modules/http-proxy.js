'use strict';
// A small HTTP proxy that records what went through it:
//   - absolute-form requests (`GET http://host/path HTTP/1.1`) are forwarded: how HTTP clients send plain-http
//     requests through a proxy (long-polling);
//   - `CONNECT host:port` opens a TCP tunnel: how WebSocket clients (and https) go through a proxy;
//   - origin-form requests to `/__tusk/log` answer the record as JSON (the test asks the proxy what it saw).
// With `auth: "user:password"` every proxied request must carry `Proxy-Authorization: Basic …` (else 407).
// With `captureFrames: true` each tunnel also parses the WebSocket traffic inside it (plain ws:// only): the
// upgrade request's and response's Sec-WebSocket-Extensions, and per frame its direction, opcode, RSV1 bit (set on
// permessage-deflate compressed messages), payload length and, for uncompressed text, the start of the text.
// Everything listens on 127.0.0.1 and only forwards to loopback targets.

const http = require('node:http');
const net = require('node:net');
const { listenOnLoopback } = require('../lib/listen');

const MAX_RECORDS = 2000;
const TEXT_PREVIEW = 120;

function isLoopback(host) {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host === '[::1]';
}

function authorized(req, auth) {
  if (!auth) {
    return true;
  }
  const header = req.headers['proxy-authorization'] || '';
  return header === `Basic ${Buffer.from(auth).toString('base64')}`;
}

function push(list, item) {
  if (list.length < MAX_RECORDS) {
    list.push(item);
  }
}

/**
 * Parses one direction of a tunnelled WebSocket: an HTTP head, then frames. Client frames are masked.
 * Records into `tunnel` and never alters the bytes, which are piped on unchanged.
 */
function frameParser(tunnel, direction) {
  let buffer = Buffer.alloc(0);
  let headDone = false;
  return (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    if (!headDone) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) {
        return;
      }
      const head = buffer.subarray(0, end).toString('latin1');
      const match = /^sec-websocket-extensions:\s*(.*)$/im.exec(head);
      tunnel[direction === 'client' ? 'requestExtensions' : 'responseExtensions'] = match ? match[1].trim() : null;
      if (direction === 'server') {
        tunnel.status = Number((/^HTTP\/1\.1 (\d+)/.exec(head) || [])[1]);
      }
      buffer = buffer.subarray(end + 4);
      headDone = true;
    }
    for (;;) {
      if (buffer.length < 2) {
        return;
      }
      const fin = (buffer[0] & 0x80) !== 0;
      const rsv1 = (buffer[0] & 0x40) !== 0;
      const opcode = buffer[0] & 0x0f;
      const masked = (buffer[1] & 0x80) !== 0;
      let length = buffer[1] & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (buffer.length < 4) {
          return;
        }
        length = buffer.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (buffer.length < 10) {
          return;
        }
        length = Number(buffer.readBigUInt64BE(2));
        offset = 10;
      }
      const maskOffset = offset;
      if (masked) {
        offset += 4;
      }
      if (buffer.length < offset + length) {
        return;
      }
      let payload = Buffer.from(buffer.subarray(offset, offset + length));
      if (masked) {
        for (let i = 0; i < payload.length; i++) {
          payload[i] ^= buffer[maskOffset + (i % 4)];
        }
      }
      const frame = { direction, fin, rsv1, opcode, length };
      if (!rsv1 && opcode === 1) {
        frame.text = payload.subarray(0, TEXT_PREVIEW).toString('utf8');
      }
      push(tunnel.frames, frame);
      buffer = buffer.subarray(offset + length);
    }
  };
}

async function start(options) {
  const auth = typeof options.auth === 'string' ? options.auth : null;
  const captureFrames = options.captureFrames === true;
  const log = { requests: [], tunnels: [], refused: [] };

  const server = http.createServer((req, res) => {
    if (req.url.startsWith('/__tusk/log')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(log));
      return;
    }
    let target;
    try {
      target = new URL(req.url);
    } catch {
      res.writeHead(400).end('absolute-form URL expected');
      return;
    }
    if (!authorized(req, auth)) {
      push(log.refused, { method: req.method, url: req.url });
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="tusk"' }).end();
      return;
    }
    if (target.protocol !== 'http:' || !isLoopback(target.hostname)) {
      res.writeHead(403).end('only http to loopback');
      return;
    }
    push(log.requests, { method: req.method, url: req.url });
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: target.pathname + target.search, headers },
      (answer) => {
        res.writeHead(answer.statusCode, answer.headers);
        answer.pipe(res);
      });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });

  server.on('connect', (req, clientSocket, head) => {
    clientSocket.on('error', () => {});
    if (!authorized(req, auth)) {
      push(log.refused, { method: 'CONNECT', url: req.url });
      clientSocket.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="tusk"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const separator = req.url.lastIndexOf(':');
    const host = req.url.slice(0, separator);
    const port = Number(req.url.slice(separator + 1));
    if (!isLoopback(host) || !Number.isInteger(port)) {
      clientSocket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const tunnel = { target: req.url, frames: [] };
    push(log.tunnels, tunnel);
    const upstream = net.connect(port, host.replace(/^\[|\]$/g, ''), () => {
      clientSocket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (captureFrames) {
        const fromClient = frameParser(tunnel, 'client');
        const fromServer = frameParser(tunnel, 'server');
        clientSocket.on('data', fromClient);
        upstream.on('data', fromServer);
        if (head && head.length > 0) {
          fromClient(head);
        }
      }
      if (head && head.length > 0) {
        upstream.write(head);
      }
      clientSocket.pipe(upstream);
      upstream.pipe(clientSocket);
    });
    upstream.on('error', () => clientSocket.destroy());
    clientSocket.on('close', () => upstream.destroy());
    upstream.on('close', () => clientSocket.destroy());
  });

  const port = await listenOnLoopback(server);
  return { port, auth: auth !== null, captureFrames };
}

module.exports = { start };
