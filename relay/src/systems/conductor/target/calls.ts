/**
 * @module
 * The reads a write through Conductor makes before it writes: a list read whole (its pages
 * gathered), a linked record retrieved (an item from the endpoint of its kind first, then the
 * others: the id does not say which), a list object found by its name (customers and items by
 * `fullNames`, vendors by `names`; inactive ones too), and the account new items post to.
 */
import { err, ok, type Result } from '../../../lib/result.ts';
import type { ConductorClient, ConductorJson, ConductorResource, ListOptions } from '../api/types.ts';
import { ITEM_RESOURCES } from './bodies.ts';

/** A record with the endpoint it was read from. */
export interface Found {
  readonly resource: ConductorResource;
  readonly record: ConductorJson;
}

/** @example await listAll(client, 'invoices', { customerIds: ['80000001-1'] }) */
export async function listAll(
  client: ConductorClient,
  resource: ConductorResource,
  opts: ListOptions,
): Promise<Result<ConductorJson[]>> {
  const out: ConductorJson[] = [];
  const seen = new Set<string>();
  for await (const page of client.list(resource, opts)) {
    if (!page.ok) return err(page.error);
    // A list that started again repeats pages: each record once.
    for (const r of page.value) {
      if (seen.has(String(r.id))) continue;
      seen.add(String(r.id));
      out.push(r);
    }
  }
  return ok(out);
}

/** The record of `id` among `resources`, tried in order; undefined when none has it. */
export async function retrieveAmong(
  client: ConductorClient,
  resources: readonly ConductorResource[],
  id: string,
): Promise<Result<Found | undefined>> {
  for (const resource of resources) {
    const r = await client.retrieve(resource, id);
    if (r.ok) return ok({ resource, record: r.value });
    if (r.error.code !== 'cdt_not_found') return err(r.error);
  }
  return ok(undefined);
}

/** The endpoints an item of this kind is looked for in, its own first. */
export const itemResourcesFrom = (first: ConductorResource): ConductorResource[] => [
  first,
  ...ITEM_RESOURCES.filter((r) => r !== first),
];

/** The list object of this name among `resources` (QuickBooks' names ignore case), inactive ones included. */
export async function findByName(
  client: ConductorClient,
  resources: readonly ConductorResource[],
  name: string,
): Promise<Result<Found | undefined>> {
  const key = name.trim().toLowerCase();
  for (const resource of resources) {
    const byFullName = resource !== 'vendors';
    const r = await listAll(client, resource, {
      status: 'all',
      ...(byFullName ? { fullNames: [name] } : { names: [name] }),
    });
    if (!r.ok) return err(r.error);
    const record = r.value.find(
      (x) =>
        String((byFullName ? x.fullName : x.name) ?? x.name)
          .trim()
          .toLowerCase() === key,
    );
    if (record) return ok({ resource, record });
  }
  return ok(undefined);
}

/** The id of the active account of this full name (the income account new items post to). */
export async function accountIdOf(client: ConductorClient, fullName: string): Promise<Result<string | undefined>> {
  const r = await listAll(client, 'accounts', { fullNames: [fullName] });
  if (!r.ok) return err(r.error);
  const key = fullName.toLowerCase();
  const found = r.value.find((a) => String(a.fullName ?? a.name).toLowerCase() === key && a.isActive !== false);
  return ok(found ? String(found.id) : undefined);
}
