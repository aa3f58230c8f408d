// DynamoDB's client still builds a cache of discovered endpoints (an LRU from the mnemonist
// collections) when it is constructed, although none of its commands runs endpoint discovery any
// more. The stand-in is an always-empty cache; should a command ever store an endpoint in it, that
// fails here at once instead of quietly going without its cache.
'use strict';
const refuse = () => {
  throw new Error('@aws-sdk/endpoint-cache is not bundled: DynamoDB endpoint discovery must stay off');
};
exports.EndpointCache = class EndpointCache {
  getEndpoint() {
    return undefined;
  }
  get() {
    return undefined;
  }
  has() {
    return false;
  }
  clear() {}
  set() {
    refuse();
  }
  delete() {
    refuse();
  }
};
