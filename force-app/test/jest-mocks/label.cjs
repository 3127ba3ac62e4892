// Custom Labels in tests: the label's API name stands in for its text.
module.exports = new Proxy({}, { get: (_t, key) => (key === '__esModule' ? false : String(key)) });
