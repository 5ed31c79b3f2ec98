#!/usr/bin/env node
// Launcher for the dml-lens CLI: registers the TypeScript loader, then runs scripts/cli/main.ts.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.env.DML_LENS_ROOT ??= root;
register();
const { main } = await import(pathToFileURL(path.join(root, 'scripts', 'cli', 'main.ts')).href);
process.exitCode = await main(process.argv.slice(2));
