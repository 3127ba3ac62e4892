/** The relay's version, reported by `/health` and `ledgerbridge --version`. */
export const VERSION = '0.1.0';
