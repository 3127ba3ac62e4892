/* global jest */
// Jest setup (setupFilesAfterEnv): Custom Label imports resolve to their real text.
require('./labels.cjs').registerLabelMocks(jest);
