// What form-data needs of es-set-tostringtag, without the get-intrinsic polyfill chain it bundles.
'use strict';
module.exports = function setToStringTag(object, value, options) {
  const force = Boolean(options && options.force);
  if (!force && Object.prototype.hasOwnProperty.call(object, Symbol.toStringTag)) return;
  Object.defineProperty(object, Symbol.toStringTag, { configurable: !(options && options.nonConfigurable), enumerable: false, value, writable: false });
};
