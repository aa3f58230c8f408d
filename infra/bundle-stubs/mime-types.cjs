// form-data looks up a MIME type only for files it is given by name or path; the functions append
// strings only, so the 137 KB mime-db table it would bundle is never consulted.
'use strict';
const none = () => false;
module.exports = { lookup: none, contentType: none, extension: none, charset: none, types: {}, extensions: {} };
