/**
 * `equipage fieldops …` end to end, in-process on a seeded PGlite data folder: the IT department
 * replaces the demo's report categories and loads its assets (GeoJSON and CSV); invalid files are
 * refused whole with every problem listed; the connector API then serves what was imported.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { searchAssets } from '../../core/field-reports/assets.js';
import { getCategory, listCategories } from '../../core/field-reports/categories.js';
import { parseAssetsFile } from '../../core/field-reports/asset-import.js';
import { parseCategoriesFile } from '../../core/field-reports/category-import.js';
import { isEquipageError } from '../../core/errors.js';
import { seededCliSandbox, type CliSandbox } from '../helpers/run-cli.js';

const CATEGORIES = {
  categories: [
    {
      code: 'eclairage-public',
      labelFr: 'Lampadaire en panne',
      labelEn: 'Street light out',
      description: 'Un point lumineux éteint ou clignotant.',
      serviceCode: 'eclairage',
      fields: [{ key: 'state', label: 'État', labelEn: 'State', type: 'choice', required: true, options: ['éteint', 'clignotant'] }],
    },
    {
      code: 'nid-de-frelons',
      labelFr: 'Nid de frelons',
      labelEn: 'Hornets nest',
      description: 'Sur un bâtiment ou un arbre public.',
      serviceCode: null,
      fields: [
        { key: 'surfaceM2', label: 'Surface (m²)', labelEn: 'Area (m²)', type: 'number', required: false, minimum: 0, maximum: 500 },
        { key: 'offensive', label: 'Injurieux', labelEn: 'Offensive', type: 'boolean' },
      ],
    },
  ],
};

function problemsOf(run: () => unknown): Array<Record<string, unknown>> {
  try {
    run();
  } catch (error) {
    if (isEquipageError(error) && error.code === 'EQP_ERR_FIELDOPS_IMPORT_INVALID') return error.details as Array<Record<string, unknown>>;
    throw error;
  }
  throw new Error('expected the file to be refused');
}

describe('field-ops import files', () => {
  it('refuses an invalid categories file with every problem by its path', () => {
    const bad = {
      categories: [
        { code: 'Eclairage Public', labelFr: '', labelEn: 'x', fields: [{ key: 'state', label: 'État', labelEn: 'State', type: 'choice', required: true }] },
        { code: 'ok-code', labelFr: 'A', labelEn: 'A', fields: [{ key: 'n', label: 'N', labelEn: 'N', type: 'text', minimum: 3 }, { key: 'n', label: 'N2', labelEn: 'N2', type: 'boolean' }] },
        { code: 'ok-code', labelFr: 'B', labelEn: 'B', colour: 'red' },
      ],
    };
    const paths = problemsOf(() => parseCategoriesFile(JSON.stringify(bad))).map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining(['categories.0.code', 'categories.0.labelFr', 'categories.0.fields.0.options', 'categories.1.fields.0.minimum', 'categories.1.fields.1.key', 'categories.2']),
    );
    expect(problemsOf(() => parseCategoriesFile('{ pas du json'))[0]!.message).toMatch(/JSON invalide/);
    // Open311 attribute mappings name the category's own fields, and only a choice's options.
    const mapping = {
      categories: [{ ...CATEGORIES.categories[1], open311Attributes: { nope: 'X', offensive: { code: 'INJ', values: { oui: 'Y' } }, surfaceM2: 'bad code!' } }, { ...CATEGORIES.categories[0], open311Attributes: { state: { code: 'ETAT', values: { cassé: 'C' } } } }],
    };
    expect(problemsOf(() => parseCategoriesFile(JSON.stringify(mapping))).map((p) => p.path)).toEqual(
      expect.arrayContaining(['categories.0.open311Attributes.nope', 'categories.0.open311Attributes.offensive.values', 'categories.0.open311Attributes.surfaceM2', 'categories.1.open311Attributes.state.values.cassé']),
    );
    // Codes are checked across the file once every category is valid on its own.
    const twice = { categories: [CATEGORIES.categories[0], CATEGORIES.categories[0]] };
    expect(problemsOf(() => parseCategoriesFile(JSON.stringify(twice)))).toEqual([{ path: 'categories.1.code', message: expect.stringContaining('en double') }]);
  });

  it('refuses an invalid assets file with every problem by row and column', () => {
    const csv = 'code;type;nom;latitude;longitude\nLAMP-1;lampadaire;Lampadaire 1;46,2;2,21\nLAMP-1;lampadaire;Lampadaire bis;46.2;2.21\n;banc;;95;2.2\n';
    expect(problemsOf(() => parseAssetsFile(csv, 'a.csv'))).toEqual(
      expect.arrayContaining([
        { row: 4, column: 'code', message: expect.any(String) },
        { row: 4, column: 'name', message: expect.any(String) },
        { row: 4, column: 'latitude', message: expect.any(String) },
        { row: 3, column: 'code', message: expect.stringContaining('ligne 2') },
      ]),
    );
    expect(problemsOf(() => parseAssetsFile('code,name\nA,B\n'))).toEqual([
      { row: 1, column: 'kind', message: expect.any(String) },
      { row: 1, column: 'latitude', message: expect.any(String) },
      { row: 1, column: 'longitude', message: expect.any(String) },
    ]);
    const polygon = { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [] }, properties: { code: 'P', kind: 'parc', name: 'Parc' } }] };
    expect(problemsOf(() => parseAssetsFile(JSON.stringify(polygon)))).toEqual([{ row: 1, column: 'geometry', message: expect.any(String) }]);
    expect(problemsOf(() => parseAssetsFile('{"type":"Feature"}'))[0]!.message).toMatch(/FeatureCollection/);
  });

  it('refuses what would import the wrong values: extra cells, ambiguous columns, non-decimal coordinates; rows as the file numbers them', () => {
    // An unquoted comma in an address makes one cell too many: refused, not truncated.
    expect(problemsOf(() => parseAssetsFile('code,kind,name,latitude,longitude,address\nA1,lamp,L1,45,2,12, rue de la Paix\n'))).toEqual([
      { row: 2, column: null, message: expect.stringContaining('guillemets') },
    ]);
    // Two aliases of one field, and no canonical name among them.
    expect(problemsOf(() => parseAssetsFile('code;kind;name;latitude;lon;lng\nA;b;c;45;2;3\n'))).toEqual([{ row: 1, column: 'longitude', message: expect.stringContaining('lon, lng') }]);
    // A blank line and a multi-line cell: the row is the file's line.
    expect(problemsOf(() => parseAssetsFile('code,kind,name,latitude,longitude,note\n\nA,b,"Banc\ndouble",0x2D,2,x\n'))).toEqual([{ row: 4, column: 'latitude', message: expect.any(String) }]);
  });

  it('takes the canonical column over an alias, whatever their order', () => {
    const geojson = { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [2.2, 46.2] }, properties: { id: 17, nom: 'Ancien nom', code: 'LAMP-1', kind: 'lampadaire', name: 'Lampadaire 1' } }] };
    expect(parseAssetsFile(JSON.stringify(geojson))).toEqual([
      { code: 'LAMP-1', kind: 'lampadaire', name: 'Lampadaire 1', address: null, latitude: 46.2, longitude: 2.2, details: { id: 17, nom: 'Ancien nom' } },
    ]);
  });

  it('refuses reserved field names and incomplete or clashing Open311 mappings', () => {
    const file = {
      categories: [
        {
          ...CATEGORIES.categories[0],
          fields: [...CATEGORIES.categories[0]!.fields, { key: 'constructor', label: 'x', labelEn: 'x', type: 'text' }, { key: 'lamps', label: 'N', labelEn: 'N', type: 'integer' }],
          open311Attributes: { state: { code: 'ETAT', values: { éteint: 'E' } }, lamps: 'ETAT' },
        },
      ],
    };
    expect(problemsOf(() => parseCategoriesFile(JSON.stringify(file)))).toEqual(
      expect.arrayContaining([
        { path: 'categories.0.fields.1.key', message: expect.stringContaining('réservé') },
        { path: 'categories.0.open311Attributes.state.values', message: expect.stringContaining('clignotant') },
        { path: 'categories.0.open311Attributes.lamps', message: expect.stringContaining('ETAT') },
      ]),
    );
  });

  it('reads GeoJSON points as [longitude, latitude], and keeps other properties as details', () => {
    const geojson = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', id: 'ARB-0042', geometry: { type: 'Point', coordinates: [2.2101, 46.2035] }, properties: { Type: 'arbre', Nom: 'Tilleul de la place', essence: 'Tilia cordata', hauteur: 14, remarquable: true, photo: null } }],
    };
    expect(parseAssetsFile(JSON.stringify(geojson))).toEqual([
      { code: 'ARB-0042', kind: 'arbre', name: 'Tilleul de la place', address: null, latitude: 46.2035, longitude: 2.2101, details: { essence: 'Tilia cordata', hauteur: 14, remarquable: true } },
    ]);
  });
});

describe('equipage fieldops', () => {
  let box: CliSandbox;
  const run = (args: string[]) => box.run(args);
  const file = (name: string) => box.file(name);
  const withDb: CliSandbox['withDb'] = (work) => box.withDb(work);

  beforeAll(async () => {
    box = await seededCliSandbox('fieldops');
  });
  afterAll(async () => {
    await box?.close();
  });

  it('replaces the categories: creates, updates, deactivates; a dry run writes nothing; re-importing changes nothing', async () => {
    const demo = await withDb((db) => listCategories(db));
    await writeFile(file('categories.json'), JSON.stringify(CATEGORIES));

    const dry = await run(['fieldops', 'categories', 'import', '--dry-run', file('categories.json')]);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('Simulation');
    expect((await withDb((db) => listCategories(db))).map((c) => c.code)).toEqual(demo.map((c) => c.code));

    const imported = await run(['fieldops', 'categories', 'import', file('categories.json')]);
    expect(imported.err).toBe('');
    expect(imported.out).toContain('1 créées (nid-de-frelons), 1 modifiées (eclairage-public)');
    expect(imported.out).toContain(`${demo.length - 1} désactivées`);
    const listed = await withDb((db) => listCategories(db));
    expect(listed.map((c) => [c.code, c.label])).toEqual([
      ['eclairage-public', 'Lampadaire en panne'],
      ['nid-de-frelons', 'Nid de frelons'],
    ]);
    const hornets = await withDb((db) => getCategory(db, 'nid-de-frelons'));
    expect(hornets.schema.properties.surfaceM2).toMatchObject({ type: 'number', minimum: 0, maximum: 500 });
    const audit = await withDb((db) => db.selectFrom('audit_log').selectAll().where('action', '=', 'fieldops.categories.import').execute());
    expect(audit).toHaveLength(1);

    const again = await run(['fieldops', 'categories', 'import', file('categories.json')]);
    expect(again.out).toContain('0 créées, 0 modifiées, 2 inchangées, 0 désactivées');

    // Export gives back an importable file with the same content.
    const exported = await run(['fieldops', 'categories', 'export', '--out', file('exported.json')]);
    expect(exported.code).toBe(0);
    expect(parseCategoriesFile(await readFile(file('exported.json'), 'utf8'))).toEqual(parseCategoriesFile(JSON.stringify(CATEGORIES)));
  });

  it('refuses an invalid categories file whole, printing each problem, and changes nothing', async () => {
    const before = await withDb((db) => listCategories(db));
    await writeFile(file('bad.json'), JSON.stringify({ categories: [{ ...CATEGORIES.categories[0], fields: [{ key: '1st', label: 'x', labelEn: 'x', type: 'date' }] }] }));
    const refused = await run(['fieldops', 'categories', 'import', file('bad.json')]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('[EQP_ERR_FIELDOPS_IMPORT_INVALID]');
    expect(refused.err).toContain('categories.0.fields.0.key');
    expect(refused.err).toContain('categories.0.fields.0.type');
    expect(await withDb((db) => listCategories(db))).toEqual(before);
  });

  it('imports assets from GeoJSON and CSV, searchable at once; --prune keeps the ones reports point at', async () => {
    const geojson = {
      type: 'FeatureCollection',
      features: Array.from({ length: 3 }, (_, i) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [2.21 + i / 1000, 46.2 + i / 1000] },
        properties: { code: `HYD-${i + 1}`, kind: 'borne-incendie', name: `Borne incendie ${i + 1}`, adresse: `${i + 1} rue des Pompiers`, debit_m3h: 60 },
      })),
    };
    await writeFile(file('hydrants.geojson'), JSON.stringify(geojson));
    const first = await run(['fieldops', 'assets', 'import', file('hydrants.geojson')]);
    expect(first.err).toBe('');
    expect(first.out).toContain('3 équipements : 3 ajoutés, 0 mis à jour.');
    const found = await withDb((db) => searchAssets(db, { text: 'pompiers', top: 10 }));
    expect(found.map((a) => a.code).sort()).toEqual(['HYD-1', 'HYD-2', 'HYD-3']);

    // A report points at HYD-3; the CSV no longer names HYD-2 nor HYD-3.
    const [demoAsset] = await withDb((db) => db.selectFrom('assets').select(['id', 'code']).where('code', '=', 'HYD-3').execute());
    await withDb(async (db) => {
      const category = await db.selectFrom('report_categories').select('id').where('active', '=', true).executeTakeFirstOrThrow();
      await db
        .insertInto('field_reports')
        .values({ id: '00000000-0000-4000-8000-0000000000aa', category_id: category.id, description: 'Borne qui fuit', latitude: 46.2, longitude: 2.21, accuracy_m: 5, address: null, asset_id: demoAsset!.id, observed_at: new Date(), fields: '{}', reporter_key: 'test', reporter_person_id: null, reporter_name: 'Test' })
        .execute();
    });
    await writeFile(file('hydrants.csv'), 'code;type;nom;adresse;latitude;longitude;debit_m3h\nHYD-1;borne-incendie;Borne incendie place;1 place de la Mairie;46,2;2,21;90\nHYD-4;borne-incendie;Borne incendie 4;4 rue Neuve;46,204;2,214;60\n');
    const pruned = await run(['fieldops', 'assets', 'import', '--prune', file('hydrants.csv')]);
    expect(pruned.err).toBe('');
    expect(pruned.out).toContain('2 équipements : 1 ajoutés, 1 mis à jour');
    const codes = await withDb(async (db) => (await db.selectFrom('assets').select('code').where('code', 'like', 'HYD-%').orderBy('code').execute()).map((r) => r.code));
    expect(codes).toEqual(['HYD-1', 'HYD-3', 'HYD-4']);
    expect(pruned.out).toMatch(/1 retirés, 1 gardés car cités par des signalements/);
    const place = await withDb((db) => db.selectFrom('assets').selectAll().where('code', '=', 'HYD-1').executeTakeFirstOrThrow());
    expect([place.name, place.latitude, place.longitude]).toEqual(['Borne incendie place', 46.2, 2.21]);
    expect(typeof place.details === 'string' ? JSON.parse(place.details) : place.details).toEqual({ debit_m3h: '90' });
    // Search follows the new name and address (kept folded by the database), accents or not.
    const search = (text: string) => withDb(async (db) => (await searchAssets(db, { text, top: 10 })).map((a) => a.code).filter((c) => c.startsWith('HYD-')));
    expect(await search('MAIRIE place')).toEqual(['HYD-1']);
    expect(await search('pompiers')).toEqual(['HYD-3']);
    await writeFile(file('fontaine.csv'), 'code,kind,name,latitude,longitude\nHYD-5,fontaine,Fontaine Sainte-Thérèse,46.2,2.21\n');
    expect((await run(['fieldops', 'assets', 'import', file('fontaine.csv')])).code).toBe(0);
    expect(await search('therese')).toEqual(['HYD-5']);
    expect(await search('THÉRÈSE fontaine')).toEqual(['HYD-5']);
    await writeFile(file('oeuvre.csv'), 'code,kind,name,latitude,longitude\nHYD-6,sculpture,Œuvre de Lætitia,46.2,2.21\n');
    expect((await run(['fieldops', 'assets', 'import', file('oeuvre.csv')])).code).toBe(0);
    expect(await search('oeuvre laetitia')).toEqual(['HYD-6']);
    expect(await search('Œuvre')).toEqual(['HYD-6']);
  });
});
