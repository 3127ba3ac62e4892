import type { Store } from '../../../store/index.ts';
import { testBackends } from '../../../../../test/qbwc/support/stores.ts';
import { dynamicsStore } from '../../../../../test/relay/support/dynamics-store.ts';
import { dynamicsEnvironmentsRepo } from './environments.ts';

const ORG = '3F1C0E52-9B7A-4C1D-8E2F-0A1B2C3D4E5F';
const OTHER_ORG = '8d2e4f60-1a2b-4c3d-9e8f-112233445566';

describe.each(testBackends().map((b) => [b.name, b] as const))('Dynamics environments on %s', (_n, backend) => {
  let store: Store;
  let clock = 1_000_000;
  const now = () => clock;
  const repo = () => dynamicsEnvironmentsRepo(store.db, now);
  beforeEach(async () => {
    clock = 1_000_000;
    store = await dynamicsStore(backend, ['dyn-a', 'dyn-b'], { now });
  });
  afterEach(() => store.close());

  it('ensures an environment once, keeps its organization and user while the URL stays, and forgets them when the URL changes', async () => {
    await repo().ensure({ connectionId: 'dyn-a', url: 'https://contoso.crm.dynamics.com' });
    expect(await repo().byConnection('dyn-a')).toEqual({
      connectionId: 'dyn-a',
      url: 'https://contoso.crm.dynamics.com',
      organizationId: null,
      userId: null,
      createdAt: 1_000_000,
      updatedAt: 1_000_000,
    });
    clock += 1000;
    expect(await repo().noteOrganization('dyn-a', ORG)).toBe(true);
    await repo().noteUser('dyn-a', 'A1B2C3D4-0000-4000-8000-000000000001');
    clock += 1000;
    await repo().ensure({ connectionId: 'dyn-a', url: 'https://contoso.crm.dynamics.com' });
    expect(await repo().byConnection('dyn-a')).toMatchObject({
      organizationId: ORG.toLowerCase(),
      userId: 'a1b2c3d4-0000-4000-8000-000000000001',
      updatedAt: 1_001_000,
    });
    clock += 1000;
    await repo().ensure({ connectionId: 'dyn-a', url: 'https://fabrikam.crm.dynamics.com' });
    expect(await repo().byConnection('dyn-a')).toMatchObject({
      url: 'https://fabrikam.crm.dynamics.com',
      organizationId: null,
      userId: null,
      createdAt: 1_000_000,
      updatedAt: 1_003_000,
    });
    expect(await repo().all()).toHaveLength(1);
  });

  it('finds an environment by its organization in any case; an organization belongs to one environment', async () => {
    await repo().ensure({ connectionId: 'dyn-a', url: 'https://a.crm.dynamics.com' });
    clock += 1;
    await repo().ensure({ connectionId: 'dyn-b', url: 'https://b.crm.dynamics.com' });
    expect(await repo().byOrganization(ORG)).toBeUndefined();
    expect(await repo().noteOrganization('dyn-a', ORG.toLowerCase())).toBe(true);
    expect((await repo().byOrganization(ORG))?.connectionId).toBe('dyn-a');
    expect((await repo().byOrganization(ORG.toLowerCase()))?.connectionId).toBe('dyn-a');
    // Another environment cannot take it; the one that has it keeps it and cannot take another.
    expect(await repo().noteOrganization('dyn-b', ORG)).toBe(false);
    expect(await repo().noteOrganization('dyn-a', ORG)).toBe(true);
    expect(await repo().noteOrganization('dyn-a', OTHER_ORG)).toBe(false);
    expect(await repo().noteOrganization('dyn-b', OTHER_ORG)).toBe(true);
    expect((await repo().all()).map((e) => [e.connectionId, e.organizationId])).toEqual([
      ['dyn-a', ORG.toLowerCase()],
      ['dyn-b', OTHER_ORG],
    ]);
    expect(await repo().noteOrganization('dyn-missing', '00000000-0000-0000-0000-000000000000')).toBe(false);
  });

  it('refuses an environment whose connection does not exist', async () => {
    await expect(repo().ensure({ connectionId: 'nobody', url: 'https://x.crm.dynamics.com' })).rejects.toThrow();
  });
});
