// DESIGN.md: "app/ never imports tfjs". Follows every static relative import from app/ and fails
// if a module on the way imports @tensorflow/* (pages read stored results; heavy work is queued).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const root = process.cwd();
const IMPORT = /^\s*(?:import|export)\s+(?!type\b)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

function resolve(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  for (const c of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')]) {
    if (fs.existsSync(c) && fs.statSync(c).isFile()) return c;
  }
  return undefined;
}

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

test('no module reachable from app/ imports tfjs', () => {
  const seen = new Map<string, string | undefined>(); // file -> the file that imported it
  const queue = sources(path.join(root, 'app'));
  queue.forEach((f) => seen.set(f, undefined));
  const offenders: string[] = [];
  while (queue.length) {
    const file = queue.pop()!;
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1];
      if (spec.startsWith('@tensorflow/')) {
        const chain = [file];
        for (let f = seen.get(file); f; f = seen.get(f)) chain.push(f);
        offenders.push(chain.reverse().map((f) => path.relative(root, f)).join(' -> ') + ` -> ${spec}`);
      }
      if (!spec.startsWith('.')) continue;
      const target = resolve(file, spec);
      if (target && !seen.has(target)) {
        seen.set(target, file);
        queue.push(target);
      }
    }
  }
  assert.ok(seen.size > 20, 'the app imports something');
  assert.deepEqual(offenders, []);
});
