/**
 * Demo data of the field-ops connector: report categories (with their category-specific fields)
 * and about sixty assets of the fictional town centre of Beaulieu-sur-Aune. Data only; positions
 * are derived deterministically from a grid of fictional streets around the town hall.
 */
import type { Transaction } from 'kysely';
import type { Database, ReportCategoryField } from '../storage/schema.js';
import { stableId } from '../util/stable-id.js';

/** The town hall square: centre of the demo town (a fictional place in the French countryside). */
export const DEMO_TOWN_CENTRE = { latitude: 46.20312, longitude: 2.21054 } as const;

export interface DemoCategory {
  code: string;
  labelFr: string;
  labelEn: string;
  description: string;
  service: string;
  fields: ReportCategoryField[];
}

export const DEMO_CATEGORIES: DemoCategory[] = [
  {
    code: 'chaussee-degradee',
    labelFr: 'Chaussée ou trottoir dégradé',
    labelEn: 'Damaged road or pavement',
    description: 'Nid-de-poule, affaissement, bordure cassée, trottoir soulevé.',
    service: 'voirie',
    fields: [
      { key: 'size', label: 'Taille', labelEn: 'Size', type: 'choice', required: true, options: ['moins de 30 cm', '30 cm à 1 m', 'plus de 1 m'] },
      { key: 'dangerous', label: 'Danger immédiat', labelEn: 'Immediate danger', type: 'boolean', required: false },
    ],
  },
  {
    code: 'eclairage-public',
    labelFr: 'Éclairage public en panne',
    labelEn: 'Street lighting failure',
    description: 'Candélabre éteint, clignotant ou allumé en journée.',
    service: 'batiments',
    fields: [
      { key: 'lightState', label: 'État de la lampe', labelEn: 'Light state', type: 'choice', required: true, options: ['éteinte', 'clignotante', 'allumée le jour'] },
      { key: 'lightCount', label: 'Nombre de points lumineux', labelEn: 'Number of lights', type: 'integer', required: false, minimum: 1, maximum: 50 },
    ],
  },
  {
    code: 'arbre-dangereux',
    labelFr: 'Arbre dangereux ou abîmé',
    labelEn: 'Dangerous or damaged tree',
    description: 'Branche cassée, arbre penché ou malade, racines qui soulèvent le sol.',
    service: 'espaces-verts',
    fields: [
      { key: 'issue', label: 'Problème constaté', labelEn: 'Issue', type: 'choice', required: true, options: ['branche cassée', 'arbre penché', 'arbre malade', 'racines'] },
      { key: 'blocksPassage', label: 'Gêne le passage', labelEn: 'Blocks the way', type: 'boolean', required: false },
    ],
  },
  {
    code: 'depot-sauvage',
    labelFr: 'Dépôt sauvage',
    labelEn: 'Fly-tipping',
    description: 'Déchets, encombrants ou gravats abandonnés sur le domaine public.',
    service: 'proprete',
    fields: [
      { key: 'volume', label: 'Volume estimé', labelEn: 'Estimated volume', type: 'choice', required: true, options: ['moins de 1 m³', '1 à 5 m³', 'plus de 5 m³'] },
      { key: 'hazardous', label: 'Produits dangereux', labelEn: 'Hazardous waste', type: 'boolean', required: false },
    ],
  },
  {
    code: 'mobilier-urbain',
    labelFr: 'Mobilier urbain dégradé',
    labelEn: 'Damaged street furniture',
    description: 'Banc, corbeille, barrière, panneau ou abribus cassé ou tagué.',
    service: 'voirie',
    fields: [
      { key: 'itemType', label: 'Type de mobilier', labelEn: 'Item type', type: 'choice', required: true, options: ['banc', 'corbeille', 'barrière', 'panneau', 'abribus', 'autre'] },
      { key: 'detail', label: 'Précision', labelEn: 'Detail', type: 'text', required: false, maxLength: 200 },
    ],
  },
  {
    code: 'batiment-communal',
    labelFr: 'Anomalie dans un bâtiment communal',
    labelEn: 'Issue in a municipal building',
    description: 'Fuite, panne électrique, porte ou fenêtre cassée dans un bâtiment de la commune.',
    service: 'batiments',
    fields: [
      { key: 'room', label: 'Pièce ou local', labelEn: 'Room', type: 'text', required: true, maxLength: 100 },
      { key: 'urgent', label: 'Urgent', labelEn: 'Urgent', type: 'boolean', required: false },
    ],
  },
  {
    code: 'poteau-incendie',
    labelFr: 'Poteau incendie endommagé',
    labelEn: 'Damaged fire hydrant',
    description: 'Poteau ou bouche incendie heurté, qui fuit ou dont le capot manque.',
    service: 'voirie',
    fields: [{ key: 'leaking', label: 'Fuite d’eau', labelEn: 'Water leak', type: 'boolean', required: true }],
  },
  {
    code: 'tag-graffiti',
    labelFr: 'Tag ou graffiti',
    labelEn: 'Graffiti',
    description: 'Tag sur un mur, un équipement ou un bâtiment public.',
    service: 'proprete',
    fields: [
      { key: 'surface', label: 'Surface (m²)', labelEn: 'Area (m²)', type: 'number', required: false, minimum: 0, maximum: 1000 },
      { key: 'offensive', label: 'Contenu injurieux', labelEn: 'Offensive content', type: 'boolean', required: false },
    ],
  },
];

export interface DemoAsset {
  code: string;
  kind: AssetKind;
  name: string;
  address: string;
  latitude: number;
  longitude: number;
  details: Record<string, string | number | boolean>;
}

/** Kinds of assets the commune tracks. */
export const ASSET_KINDS = ['tree', 'street_light', 'bench', 'building', 'hydrant', 'playground', 'litter_bin', 'fountain'] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

// Fictional streets: a name and a direction from the centre (unit vector east, north).
const STREETS = [
  { name: 'rue de la République', dx: 1, dy: 0 },
  { name: 'avenue du Général-Leclerc', dx: 0, dy: 1 },
  { name: 'rue des Tanneurs', dx: -1, dy: 0 },
  { name: 'rue des Écoles', dx: 0, dy: -1 },
  { name: 'boulevard de l’Aune', dx: 0.7, dy: 0.7 },
  { name: 'chemin du Moulin', dx: -0.7, dy: -0.7 },
] as const;

const KIND_LABEL: Record<AssetKind, string> = {
  tree: 'Arbre',
  street_light: 'Candélabre',
  bench: 'Banc',
  building: 'Bâtiment',
  hydrant: 'Poteau incendie',
  playground: 'Aire de jeux',
  litter_bin: 'Corbeille',
  fountain: 'Fontaine',
};

const KIND_PREFIX: Record<AssetKind, string> = {
  tree: 'ARB',
  street_light: 'ECL',
  bench: 'BAN',
  building: 'BAT',
  hydrant: 'PI',
  playground: 'AJ',
  litter_bin: 'COR',
  fountain: 'FON',
};

const TREE_SPECIES = ['Platane', 'Tilleul', 'Érable champêtre', 'Chêne pédonculé', 'Marronnier', 'Charme'];

// One metre in degrees at this latitude (close enough for a demo town).
const M_LAT = 1 / 111_320;
const M_LON = 1 / (111_320 * Math.cos((DEMO_TOWN_CENTRE.latitude * Math.PI) / 180));

const BUILDINGS: Array<{ name: string; street: number; distance: number; number: number }> = [
  { name: 'Hôtel de ville', street: 0, distance: 0, number: 1 },
  { name: 'École Jules-Ferry', street: 3, distance: 220, number: 4 },
  { name: 'Centre technique municipal', street: 2, distance: 380, number: 12 },
  { name: 'Médiathèque', street: 1, distance: 160, number: 8 },
  { name: 'Salle des fêtes', street: 4, distance: 300, number: 2 },
  { name: 'Gymnase municipal', street: 5, distance: 420, number: 6 },
  { name: 'Serres municipales', street: 5, distance: 650, number: 15 },
];

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** Builds the demo assets: buildings first, then street furniture along each street. */
function buildAssets(): DemoAsset[] {
  const assets: DemoAsset[] = [];
  const counters = new Map<AssetKind, number>();
  const add = (kind: AssetKind, street: number, distance: number, side: number, name: string, number: number, details: DemoAsset['details']) => {
    const s = STREETS[street]!;
    // Items sit 6 m on either side of the street's axis.
    const east = s.dx * distance - s.dy * side * 6;
    const north = s.dy * distance + s.dx * side * 6;
    const n = (counters.get(kind) ?? 0) + 1;
    counters.set(kind, n);
    assets.push({
      code: `${KIND_PREFIX[kind]}-${String(n).padStart(4, '0')}`,
      kind,
      name,
      address: distance === 0 ? '1 place de la République' : `${number} ${s.name}`,
      latitude: round(DEMO_TOWN_CENTRE.latitude + north * M_LAT),
      longitude: round(DEMO_TOWN_CENTRE.longitude + east * M_LON),
      details,
    });
  };
  for (const b of BUILDINGS) add('building', b.street, b.distance, 1, b.name, b.number, { public: true });
  add('fountain', 0, 15, -1, 'Fontaine de la place de la République', 1, { drinkable: false });
  add('playground', 4, 240, -1, 'Aire de jeux du square de l’Aune', 3, { ageRange: '2-10 ans' });
  add('playground', 3, 260, -1, 'Aire de jeux de l’école Jules-Ferry', 6, { ageRange: '3-6 ans' });
  STREETS.forEach((street, index) => {
    // Every 60 m: alternately a light and a tree, and a bench, bin or hydrant now and then.
    for (let step = 1; step <= 6; step++) {
      const distance = step * 60 + index * 5;
      const number = step * 4 + (step % 2);
      if (step % 2 === 1) {
        add('street_light', index, distance, 1, `Candélabre ${street.name} n° ${number}`, number, { lampType: step % 3 === 0 ? 'LED' : 'sodium', heightM: 6 });
      } else {
        const species = TREE_SPECIES[(index + step) % TREE_SPECIES.length]!;
        add('tree', index, distance, -1, `${species}, ${street.name}`, number, { species, plantedYear: 1975 + ((index * 7 + step * 3) % 45) });
      }
      if (step === 2 || step === 5) add('bench', index, distance + 10, -1, `Banc ${street.name}`, number + 1, { material: step === 2 ? 'bois' : 'métal' });
      if (step === 3) add('litter_bin', index, distance + 5, 1, `Corbeille ${street.name}`, number, { capacityL: 50 });
      if (step === 4) add('hydrant', index, distance + 15, 1, `${KIND_LABEL.hydrant} ${street.name}`, number + 2, { diameterMm: 100 });
    }
  });
  return assets;
}

export const DEMO_ASSETS: DemoAsset[] = buildAssets();

/** Ids of demo categories and assets, stable across re-seeds. */
export const demoFieldOpsIds = {
  category: (code: string) => stableId('report-category', code),
  asset: (code: string) => stableId('asset', code),
};

/** Inserts the demo categories and assets (inside the seed's transaction). */
export async function insertDemoFieldOps(trx: Transaction<Database>): Promise<{ categories: number; assets: number }> {
  await trx
    .insertInto('report_categories')
    .values(
      DEMO_CATEGORIES.map((c, position) => ({
        id: demoFieldOpsIds.category(c.code),
        code: c.code,
        label_fr: c.labelFr,
        label_en: c.labelEn,
        description: c.description,
        service_code: c.service,
        fields: JSON.stringify(c.fields),
        position,
      })),
    )
    .execute();
  await trx
    .insertInto('assets')
    .values(
      DEMO_ASSETS.map((a) => ({
        id: demoFieldOpsIds.asset(a.code),
        code: a.code,
        kind: a.kind,
        name: a.name,
        address: a.address,
        latitude: a.latitude,
        longitude: a.longitude,
        details: JSON.stringify(a.details),
      })),
    )
    .execute();
  return { categories: DEMO_CATEGORIES.length, assets: DEMO_ASSETS.length };
}

/** Deletes field-ops data, children first (used by a seed with `reset`). */
export async function wipeFieldOps(trx: Transaction<Database>): Promise<void> {
  await trx.deleteFrom('idempotency_keys').execute();
  await trx.deleteFrom('field_report_status_history').execute();
  await trx.deleteFrom('field_report_photos').execute();
  await trx.deleteFrom('field_reports').execute();
  await trx.deleteFrom('assets').execute();
  await trx.deleteFrom('report_categories').execute();
}
