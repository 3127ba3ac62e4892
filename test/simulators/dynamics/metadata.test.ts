/**
 * The metadata of one type of column, by a cast of the attribute collection: a choice column's
 * options only so (`$expand=OptionSet`), as query-metadata-web-api.md describes.
 */
import { startDataverseSimulator, type DataverseSimulator } from './index.ts';
import { connect, type Api } from './test-client.ts';

let sim: DataverseSimulator;
let api: Api;
beforeEach(async () => {
  sim = await startDataverseSimulator();
  api = connect(sim);
});
afterEach(() => sim.close());

const ACCOUNT = "EntityDefinitions(LogicalName='account')/Attributes";

describe('columns by type', () => {
  it('lists the choice columns with their options on a cast, and refuses OptionSet without one', async () => {
    const made = await api('POST', ACCOUNT, {
      '@odata.type': 'Microsoft.Dynamics.CRM.PicklistAttributeMetadata',
      SchemaName: 'new_region',
      OptionSet: {
        IsGlobal: false,
        OptionSetType: 'Picklist',
        Options: ['East', 'West'].map((l, i) => ({
          Value: 100000000 + i,
          Label: { LocalizedLabels: [{ Label: l, LanguageCode: 1033 }] },
        })),
      },
    });
    expect(made.status).toBe(204);
    const choices = await api(
      'GET',
      `${ACCOUNT}/Microsoft.Dynamics.CRM.PicklistAttributeMetadata?$select=LogicalName&$expand=OptionSet`,
    );
    expect(choices.status).toBe(200);
    const region = choices.body.value.find((c: { LogicalName: string }) => c.LogicalName === 'new_region');
    expect(region.OptionSet.Options.map((o: { Value: number }) => o.Value)).toEqual([100000000, 100000001]);
    expect(region.OptionSet.Options[1].Label.UserLocalizedLabel.Label).toBe('West');
    expect(choices.body.value.every((c: { AttributeType: string }) => c.AttributeType === 'Picklist')).toBe(true);

    const strings = await api('GET', `${ACCOUNT}/Microsoft.Dynamics.CRM.StringAttributeMetadata?$expand=OptionSet`);
    expect(strings.status).toBe(400);
    expect((await api('GET', `${ACCOUNT}?$expand=OptionSet`)).body.value[0]).not.toHaveProperty('OptionSet');
  });
});
