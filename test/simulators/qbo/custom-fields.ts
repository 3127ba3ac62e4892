/**
 * @module
 * A company's sales-form custom fields, as QuickBooks Online keeps them for the classic API:
 * three slots named in Account and settings → Sales (Preferences `SalesFormsPrefs.CustomField`:
 * one group of `SalesFormsPrefs.UseSalesCustomN` BooleanType flags, one of
 * `SalesFormsPrefs.SalesCustomNameN` StringType names; the slot N is the `DefinitionId`
 * transactions use). An invoice lists every enabled slot on each read (`DefinitionId`, `Name`,
 * `Type: StringType`, and `StringValue` when it holds one). A write names each by `DefinitionId`
 * with its `StringValue`: one without a DefinitionId, or naming a slot not enabled, is dropped
 * and the invoice saved without it (as Intuit does: the field stays empty, no fault); `Name` and
 * `Type` are read-only and ignored; a value over 31 characters is a 2050 ValidationFault (the
 * length Intuit's product caps these fields at); an empty value clears the slot; slots a write
 * does not name keep their values.
 */
import { isObject, type Json, type JsonObject } from './decode.ts';
import { validationFault } from './errors.ts';

/** One slot of the company's sales-form custom fields (slot N: `DefinitionId` "N"). */
export interface SalesCustomField {
  readonly name: string;
  readonly enabled: boolean;
}

/** The most characters a StringType custom field holds. */
export const CUSTOM_VALUE_LENGTH = 31;

/** `Preferences.SalesFormsPrefs.CustomField`: the flags' group, then the names' group. */
export function salesFormsCustomFields(slots: readonly SalesCustomField[]): JsonObject[] {
  const at = (n: number) => slots[n - 1];
  return [
    {
      CustomField: [1, 2, 3].map((n) => ({
        Name: `SalesFormsPrefs.UseSalesCustom${n}`,
        Type: 'BooleanType',
        BooleanValue: at(n)?.enabled ?? false,
      })),
    },
    {
      CustomField: [1, 2, 3].flatMap((n) =>
        at(n)?.name
          ? [{ Name: `SalesFormsPrefs.SalesCustomName${n}`, Type: 'StringType', StringValue: at(n)!.name }]
          : [],
      ),
    },
  ];
}

const enabledSlot = (slots: readonly SalesCustomField[], id: unknown): boolean =>
  typeof id === 'string' && /^[123]$/.test(id) && slots[Number(id) - 1]?.enabled === true;

/** The values an invoice keeps, by DefinitionId, after a write's `CustomField` (`given`) over `previous`. */
export function savedCustomFields(
  slots: readonly SalesCustomField[],
  given: Json | undefined,
  previous: Json | undefined,
): JsonObject[] {
  const kept = new Map<string, string>();
  for (const f of Array.isArray(previous) ? previous.filter(isObject) : [])
    if (typeof f.DefinitionId === 'string' && typeof f.StringValue === 'string')
      kept.set(f.DefinitionId, f.StringValue);
  for (const f of Array.isArray(given) ? given.filter(isObject) : []) {
    if (!enabledSlot(slots, f.DefinitionId)) continue;
    const value = typeof f.StringValue === 'string' ? f.StringValue : '';
    if ([...value].length > CUSTOM_VALUE_LENGTH)
      throw validationFault(
        '2050',
        'String length is either shorter or longer than supported by specification',
        `String length specified does not match the supported length. Min:0 Max:${CUSTOM_VALUE_LENGTH} supported. Supplied length:${[...value].length}`,
        'CustomField.StringValue',
      );
    if (value === '') kept.delete(f.DefinitionId as string);
    else kept.set(f.DefinitionId as string, value);
  }
  return [...kept]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([DefinitionId, StringValue]) => ({ DefinitionId, StringValue }));
}

/** An invoice's `CustomField` as read: every enabled slot, with the value it holds. */
export function renderedCustomFields(slots: readonly SalesCustomField[], saved: Json | undefined): JsonObject[] {
  const values = new Map(
    (Array.isArray(saved) ? saved.filter(isObject) : []).map((f) => [String(f.DefinitionId), f.StringValue]),
  );
  return slots.flatMap((s, i) => {
    if (!s.enabled) return [];
    const id = String(i + 1);
    const value = values.get(id);
    return [
      {
        DefinitionId: id,
        Name: s.name,
        Type: 'StringType',
        ...(typeof value === 'string' ? { StringValue: value } : {}),
      },
    ];
  });
}
