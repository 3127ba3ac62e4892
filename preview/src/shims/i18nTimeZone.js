/* global window */
/** @salesforce/i18n/timeZone for the preview: `?timeZone=...` on the page URL, else America/New_York. */
export default new URLSearchParams(window.location.search).get('timeZone') || 'America/New_York';
