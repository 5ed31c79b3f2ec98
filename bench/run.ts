// `npm run bench [-- --peer] [-- --only encoder,losses] [-- --native-only] [-- --profile]`: runs every bench/<area>.ts in one process
// and prints their figures. Speed targets live here, not in timed tests.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ORDER = ['encoder', 'losses', 'training', 'explain', 'dashboard'];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const peer = args.includes('--peer');
  const onlyIdx = args.indexOf('--only');
  const only = onlyIdx >= 0 ? new Set(args[onlyIdx + 1]?.split(',')) : undefined;
  const dir = path.dirname(new URL(import.meta.url).pathname);
  const names = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
    .map((f) => f.replace(/\.ts$/, ''));
  names.sort((a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b));
  console.log(`dml-lens bench: ${new Date().toISOString()}, node ${process.version}, ${(await import('node:os')).cpus().length} cores`);
  for (const name of names) {
    if (only && !only.has(name)) continue;
    console.log(`\n=== ${name} ===`);
    const mod = (await import(pathToFileURL(path.join(dir, `${name}.ts`)).href)) as {
      run?: (o: { peer?: boolean; nativeOnly?: boolean; profile?: boolean }) => Promise<void>;
    };
    if (!mod.run) continue;
    const t0 = performance.now();
    await mod.run({ peer, nativeOnly: args.includes('--native-only'), profile: args.includes('--profile') });
    console.log(`(${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
}

await main();
