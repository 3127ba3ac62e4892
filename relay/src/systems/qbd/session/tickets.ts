/**
 * @module
 * Session tickets: 128 random bits from the CSPRNG, shown as a GUID-like string. Only their
 * SHA-256 is stored, so a copy of the database cannot be used to hijack a running session.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** @example newTicket() // '3f0c9a1e-…' (32 hex digits of randomness) */
export function newTicket(): string {
  const h = randomBytes(16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** @example hashTicket(ticket) // 64 hex characters */
export function hashTicket(ticket: string): string {
  return createHash('sha256').update(ticket, 'utf8').digest('hex');
}

/** A fresh id for store rows. @example newId() */
export function newId(): string {
  return randomUUID();
}
