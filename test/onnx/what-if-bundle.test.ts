// The what-if route handlers run onnxruntime, never tfjs: Next's bundler follows dynamic
// import() too, so this walks static and dynamic relative imports from them (the app-wide check
// in test/architecture.test.ts follows static imports only).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const IMPORT = /(?:^\s*(?:import|export)\s+(?!type\b)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"])|(?:import\(\s*['"]([^'"]+)['"]\s*\))/gm;

function resolve(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  return [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')].find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
}

function tfjsChains(start: string): string[] {
  const seen = new Map<string, string | undefined>([[start, undefined]]);
  const queue = [start];
  const chains: string[] = [];
  while (queue.length) {
    const file = queue.pop()!;
    for (const m of fs.readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const spec = m[1] ?? m[2];
      if (spec.startsWith('@tensorflow/')) {
        const chain = [file];
        for (let f = seen.get(file); f; f = seen.get(f)) chain.push(f);
        chains.push(
          `${chain
            .reverse()
            .map((f) => path.relative(process.cwd(), f))
            .join(' -> ')} -> ${spec}`,
        );
      }
      if (!spec.startsWith('.')) continue;
      const target = resolve(file, spec);
      if (target && !seen.has(target)) {
        seen.set(target, file);
        queue.push(target);
      }
    }
  }
  return chains;
}

test('the what-if route handlers reach no tfjs module, statically or dynamically', () => {
  for (const route of ['app/api/runs/[id]/what-if/route.ts', 'app/api/runs/[id]/what-if/explain/route.ts']) {
    assert.deepEqual(tfjsChains(path.resolve(route)), [], route);
  }
  assert.ok(
    tfjsChains(path.resolve('lib/explain/explain-payload-text.ts')).length > 0,
    'the walker finds tfjs where it is (the worker side)',
  );
});
