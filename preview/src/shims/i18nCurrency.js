/* global window */
/** @salesforce/i18n/currency for the preview: `?currency=...` on the page URL, else USD. */
export default new URLSearchParams(window.location.search).get('currency') || 'USD';
