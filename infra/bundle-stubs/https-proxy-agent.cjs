// axios builds a proxy agent only for a configured proxy; the Zoom client sets proxy: false.
'use strict';
class HttpsProxyAgent {
  constructor() {
    throw new Error('https-proxy-agent is not bundled: the HTTP client must keep proxy: false');
  }
}
module.exports = HttpsProxyAgent;
module.exports.HttpsProxyAgent = HttpsProxyAgent;
