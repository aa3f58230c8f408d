// Node's http, taken with require: imported as an ES module instead, Node builds its ES module facade
// by reading every export, and one of them (WebSocket) loads undici, Node's fetch implementation,
// about 8 ms of a cold start for nothing. The computed name keeps esbuild from bundling or aliasing it.
'use strict';
module.exports = require(['node', 'http'].join(':'));
