// axios imports Node's http2 (about 12 ms at load) for its HTTP/2 transport, which the Zoom client
// never asks for. The real module is loaded the first time anything of it is used, if ever.
'use strict';
let real;
const load = () => (real ??= require('node:http2'));
module.exports = new Proxy({}, { get: (_, name) => load()[name], has: (_, name) => name in load() });
