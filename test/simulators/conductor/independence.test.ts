import path from 'node:path';
import { relayImports } from '../qbd/imports.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

describe('the Conductor simulator shares no code with the relay', () => {
  it('its runtime (company file, writes, lists, faults, app) imports nothing from relay/src', () => {
    expect(relayImports(path.join(ROOT, 'test', 'simulators', 'conductor'), ROOT)).toEqual([]);
  });
});
