/** `SearchAssets`: the commune's assets (trees, street lights, benches...) by text or near a position. */
import { searchAssets } from '../../../core/field-reports/assets.js';
import { problem, validationError } from '../../../core/field-reports/problems.js';
import { PRIVATE_NO_STORE } from './deps.js';
import type { FieldOpsRoute } from './operation.js';
import { assetKindSchema, assetSchema, collectionSchema, defaultResponse } from './schemas.js';

interface Query {
  search?: string;
  latitude?: number;
  longitude?: number;
  radius: number;
  kind?: string;
  top: number;
}

export const searchAssetsRoute: FieldOpsRoute = {
  def: {
    operationId: 'SearchAssets',
    method: 'GET',
    path: '/assets',
    summary: 'Search assets',
    description:
      'Searches the assets of the commune, such as trees, street lights, benches, buildings and hydrants. ' +
      'Give words to match their name, code or address, a position to find the nearest ones first, or both.',
    parameters: [
      {
        name: 'search',
        in: 'query',
        required: false,
        summary: 'Search Text',
        description: 'Words to find in the name, inventory code or address of the asset, accents and case ignored.',
        visibility: 'important',
        schema: { type: 'string', maxLength: 200 },
      },
      {
        name: 'latitude',
        in: 'query',
        required: false,
        summary: 'Latitude',
        description: 'Latitude of the position to search around, in decimal degrees. Give it with the longitude.',
        visibility: 'important',
        schema: { type: 'number', minimum: -90, maximum: 90 },
      },
      {
        name: 'longitude',
        in: 'query',
        required: false,
        summary: 'Longitude',
        description: 'Longitude of the position to search around, in decimal degrees. Give it with the latitude.',
        visibility: 'important',
        schema: { type: 'number', minimum: -180, maximum: 180 },
      },
      {
        name: 'radius',
        in: 'query',
        required: false,
        summary: 'Radius',
        description: 'How far from the position to search, in metres.',
        visibility: 'advanced',
        schema: { type: 'integer', minimum: 1, maximum: 5000, default: 200 },
      },
      {
        name: 'kind',
        in: 'query',
        required: false,
        summary: 'Asset Kind',
        description: 'Only assets of this kind.',
        visibility: 'advanced',
        schema: assetKindSchema,
      },
      {
        name: 'top',
        in: 'query',
        required: false,
        summary: 'Maximum Results',
        description: 'The largest number of assets to return.',
        visibility: 'advanced',
        schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
      },
    ],
    responses: {
      '200': { description: 'The matching assets, nearest first around a position.', schema: collectionSchema('Assets', 'The matching assets.', assetSchema) },
      default: defaultResponse,
    },
  },
  handler: (ctx) => async (request, reply) => {
    const q = request.query as Query;
    if ((q.latitude === undefined) !== (q.longitude === undefined)) {
      const missing = q.latitude === undefined ? 'latitude' : 'longitude';
      throw validationError([problem(`querystring.${missing}`, 'latitude et longitude vont ensemble', 'latitude and longitude go together')]);
    }
    const near = q.latitude !== undefined && q.longitude !== undefined ? { latitude: q.latitude, longitude: q.longitude, radius: q.radius } : undefined;
    void reply.header('cache-control', PRIVATE_NO_STORE);
    return { value: await searchAssets(ctx.storage.db, { text: q.search, near, kind: q.kind, top: q.top }) };
  },
};
