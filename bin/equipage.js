#!/usr/bin/env node
// Thin launcher so `npx equipage …` works from the repo: the CLI is compiled to dist/ by `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
const entry = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
if (!existsSync(entry)) {
  console.error("Équipage n'est pas compilé : lancez d'abord `npm run build`. (Not built yet: run `npm run build` first.)");
  process.exit(1);
}
const { runCli } = await import(entry);
const code = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
if (code !== 0 || process.argv[2] !== 'start') process.exitCode = code;
