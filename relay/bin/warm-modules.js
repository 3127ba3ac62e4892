// Child process of compile-cache.js: imports every relay module (relay/src, or the folder given)
// with Node's compile cache on, so the stripped and compiled files land in it, then exits. A module
// that fails to import is skipped: the relay reports it where it is really used.
import module from 'node:module';
import { pathToFileURL } from 'node:url';
import { enableCache, relayModules } from './compile-cache.js';

enableCache();
for (const file of relayModules(process.argv[2])) {
  try {
    await import(pathToFileURL(file).href);
  } catch {
    // Skipped, see above.
  }
}
// A module may leave a timer or handle open; the cache is written now and the child ends.
module.flushCompileCache();
process.exit(0);
