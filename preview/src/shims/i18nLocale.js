/* global window */
/** @salesforce/i18n/locale for the preview: `?locale=...` on the page URL, else en-US. */
export default new URLSearchParams(window.location.search).get('locale') || 'en-US';
