// axios takes follow-redirects only when maxRedirects is not 0; the Zoom client sets 0 (a Zoom 300
// means "invalid meeting id", not "go elsewhere"). Should that ever change, this says so at once.
'use strict';
const refuse = () => {
  throw new Error('follow-redirects is not bundled: the HTTP client must keep maxRedirects: 0');
};
module.exports = { http: { request: refuse }, https: { request: refuse }, wrap: refuse };
