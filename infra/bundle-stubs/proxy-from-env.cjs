// axios reads proxy variables only for a request without `proxy: false`, which the Zoom client sets.
'use strict';
exports.getProxyForUrl = () => '';
