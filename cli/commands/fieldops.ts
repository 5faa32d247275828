/**
 * `equipage fieldops …`: the IT department loads the commune's own report categories (the
 * connector's dropdown, their specific fields, their Open311 service codes) and its assets (from
 * the GIS), instead of the demo's.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { importAssets, parseAssetsFile } from '../../core/field-reports/asset-import.js';
import { exportCategories, importCategories, parseCategoriesFile } from '../../core/field-reports/category-import.js';
import { readInputFile, withStorage } from '../command-helpers.js';
import { println, type CliIo } from '../io.js';
import { createProgress } from '../progress.js';

const list = (codes: string[]) => (codes.length > 0 ? ` (${codes.join(', ')})` : '');

export function register(program: Command, io: CliIo): void {
  const fieldops = program.command('fieldops').description('Connecteur terrain : catégories de signalement et équipements / field-ops connector: report categories and assets');
  const categories = fieldops.command('categories').description('Catégories de signalement / report categories');

  categories
    .command('import')
    .description(
      'Remplace les catégories par celles du fichier JSON (créées, modifiées, les autres désactivées) ; tout ou rien / make the categories those of the JSON file; all or nothing',
    )
    .argument('<file>', 'fichier JSON { "categories": [...] } (voir `fieldops categories export`)')
    .option('--dry-run', 'montre ce qui changerait, sans rien écrire / show what would change, writing nothing')
    .action(async (file: string, options: { dryRun?: boolean }) => {
      const definitions = parseCategoriesFile((await readInputFile(io, file)).toString('utf8'), path.basename(file));
      const result = await withStorage(io, 'equipage fieldops categories import', (storage) => importCategories(storage.db, definitions, { actor: 'cli', dryRun: options.dryRun === true }));
      const prefix = result.dryRun ? 'Simulation, rien n’a été écrit / dry run, nothing written — ' : '';
      println(io.stdout, `${prefix}${definitions.length} catégories : ${result.created.length} créées${list(result.created)}, ${result.updated.length} modifiées${list(result.updated)}, ${result.unchanged.length} inchangées, ${result.deactivated.length} désactivées${list(result.deactivated)}.`);
      println(io.stdout, `${definitions.length} categories: ${result.created.length} created, ${result.updated.length} updated, ${result.unchanged.length} unchanged, ${result.deactivated.length} deactivated (their reports keep them).`);
    });

  categories
    .command('export')
    .description('Écrit les catégories actives au format d’import / write the active categories in the import format')
    .option('--out <file>', 'fichier à écrire (sinon la sortie standard) / file to write (default: standard output)')
    .action(async (options: { out?: string }) => {
      const exported = await withStorage(io, 'equipage fieldops categories export', (storage) => exportCategories(storage.db));
      const text = `${JSON.stringify(exported, null, 2)}\n`;
      if (!options.out) {
        io.stdout.write(text);
        return;
      }
      const target = path.resolve(io.cwd ?? process.cwd(), options.out);
      await writeFile(target, text, 'utf8');
      println(io.stdout, `${exported.categories.length} catégories écrites dans / written to ${target}`);
    });

  fieldops
    .command('assets')
    .description('Équipements de la commune / the commune’s assets')
    .command('import')
    .description('Importe les équipements d’un GeoJSON (points WGS 84) ou d’un CSV ; tout ou rien / import assets from GeoJSON points or CSV; all or nothing')
    .argument('<file>', 'FeatureCollection GeoJSON, ou CSV avec les colonnes code, kind, name, latitude, longitude (address et autres facultatives)')
    .option('--prune', 'retire les équipements absents du fichier (sauf ceux cités par des signalements) / remove assets the file no longer names (except those reports point at)')
    .action(async (file: string, options: { prune?: boolean }) => {
      const assets = parseAssetsFile((await readInputFile(io, file)).toString('utf8'), path.basename(file));
      const progress = createProgress(io.stderr, 2000);
      try {
        const result = await withStorage(io, 'equipage fieldops assets import', (storage) =>
          importAssets(storage.db, assets, { actor: 'cli', prune: options.prune === true, onProgress: (done, total) => progress.update(done, total, 'Équipements / assets') }),
        );
        progress.stop();
        println(io.stdout, `${assets.length} équipements : ${result.created} ajoutés, ${result.updated} mis à jour${options.prune ? `, ${result.removed} retirés, ${result.keptReferenced} gardés car cités par des signalements` : ''}.`);
        println(io.stdout, `${assets.length} assets: ${result.created} added, ${result.updated} updated${options.prune ? `, ${result.removed} removed, ${result.keptReferenced} kept because reports point at them` : ''}.`);
      } finally {
        progress.stop();
      }
    });
}
