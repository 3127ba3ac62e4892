import path from 'node:path';
import { relayImports } from '../qbd/imports.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

describe('the Dataverse simulator shares no code with the relay', () => {
  it('its runtime (sign-in, Web API, batch, change tracking, metadata, webhooks) imports nothing from relay/src', () => {
    expect(relayImports(path.join(ROOT, 'test', 'simulators', 'dynamics'), ROOT)).toEqual([]);
  });
});
