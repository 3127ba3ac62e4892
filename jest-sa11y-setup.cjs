// Registers the accessibility matcher `expect(element).toBeAccessible()` for component tests.
const { registerSa11yMatcher } = require('@sa11y/jest');
registerSa11yMatcher();
