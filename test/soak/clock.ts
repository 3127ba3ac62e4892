/**
 * @module
 * Preloaded into a relay process the kill soak starts (`NODE_OPTIONS=--import …/clock.ts`): the
 * relay's clock is the soak's compressed one. `Date.now()` is the real time plus the offset the
 * soak last wrote to `LB_SOAK_CLOCK_FILE` (read again at most once a real millisecond), so the
 * relay's retries, leases and cursors move with the soak's days as an in-process relay's do.
 * Timers (setTimeout) stay on real time.
 */
import fs from 'node:fs';

const file = process.env.LB_SOAK_CLOCK_FILE;
if (file) {
  const real = Date.now.bind(Date);
  let offset = Number(fs.readFileSync(file, 'utf8'));
  let readAt = real();
  Date.now = () => {
    const at = real();
    if (at !== readAt) {
      readAt = at;
      const text = fs.readFileSync(file, 'utf8');
      if (text) offset = Number(text);
    }
    return at + offset;
  };
}
