'use strict';
// Reads the real version of an installed (possibly npm-aliased) package, e.g. socket.io-v4 → "4.8.4".

const fs = require('node:fs');
const path = require('node:path');

function packageVersion(packageName) {
  const file = path.join(__dirname, '..', 'node_modules', packageName, 'package.json');
  return JSON.parse(fs.readFileSync(file, 'utf8')).version;
}

module.exports = { packageVersion };
