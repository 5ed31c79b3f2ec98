// scripts/fix-doc-citations.mjs: every citation of a note outside the repository becomes one of
// the repository's docs (or the cited paper), docs/ files link relatively, and a second run changes
// nothing; every section it maps to exists in docs/paper.md. (fix-doc-citations: ignore-file)
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { rewriteCitations } from '../../scripts/fix-doc-citations.mjs';

const SAMPLE = [
  '// SoftTriple (PAPER.md §5.1; PML losses/soft_triple_loss.py)',
  '// the authors protocol (PAPER.md 1.3-1.4), ArcFace and CosFace (PAPER.md §5.10-5.11)',
  '// the authors defaults (PAPER.md §1.6, §1.8); the notes as a whole: PAPER.md',
  '// wasm (ENVIRONMENT.md §4), chromium flags (ENVIRONMENT.md §7.), typed outputs (STYLE.md §3)',
  '// DESIGN.md: "app/ never imports tfjs"; SetFit-style (ANCHORS.md 6); tolerance (ANCHORS.md §7)',
].join('\n');

test('rewrites every kind of citation the tree holds, idempotently', () => {
  const warnings: string[] = [];
  const out = rewriteCitations(SAMPLE, 'lib/losses/x.ts', (w: string) => warnings.push(w));
  assert.equal(
    out,
    [
      '// SoftTriple (docs/paper.md §5.1; PML losses/soft_triple_loss.py)',
      '// the authors protocol (docs/paper.md §1.3-1.4), ArcFace and CosFace (docs/paper.md §5.10-5.11)',
      '// the authors defaults (docs/paper.md §1.6, §1.8); the notes as a whole: docs/paper.md',
      '// wasm (docs/environment.md §1), chromium flags (docs/environment.md §2.), typed outputs (docs/encoder.md)',
      '// README.md, Architecture: "app/ never imports tfjs"; SetFit-style (docs/paper.md §1.9); tolerance (arXiv 1703.01365)',
    ].join('\n'),
  );
  assert.deepEqual(warnings, []);
  assert.equal(rewriteCitations(out, 'lib/losses/x.ts'), out, 'a second run changes nothing');
});

test('inside docs/ the links are relative, and the old shared path is rewritten too', () => {
  const out = rewriteCitations('listed in `../shared/docs/PAPER.md` §5; PAPER §5.4; (DESIGN.md); (ENVIRONMENT.md §4)', 'docs/losses.md');
  assert.equal(out, 'listed in `paper.md` §5; paper.md §5.4; (../README.md, Architecture); (environment.md §1)');
});

test('an unknown section is cited as its parent, with a warning', () => {
  const warnings: string[] = [];
  assert.equal(
    rewriteCitations('(PAPER.md §1.42)', 'a.ts', (w: string) => warnings.push(w)),
    '(docs/paper.md §1)',
  );
  assert.equal(warnings.length, 1);
});

test('every section the script maps to exists in docs/paper.md and docs/environment.md', () => {
  const headings = (file: string) => new Set([...fs.readFileSync(file, 'utf8').matchAll(/^#{2,3} (\d+(?:\.\d+)?)[ .]/gm)].map((m) => m[1]));
  const paper = headings('docs/paper.md');
  const environment = headings('docs/environment.md');
  const script = fs.readFileSync('scripts/fix-doc-citations.mjs', 'utf8');
  const paperSections = script
    .match(/const PAPER_SECTIONS = new Set\(\[([^\]]*)\]/)![1]
    .match(/'([\d.]+)'/g)!
    .map((s) => s.slice(1, -1));
  for (const s of paperSections) assert.ok(paper.has(s), `docs/paper.md has a section ${s}`);
  for (const m of script.matchAll(/docs\/(paper|environment)\.md §([\d.]+)/g)) {
    assert.ok((m[1] === 'paper' ? paper : environment).has(m[2]), `docs/${m[1]}.md §${m[2]} exists`);
  }
});
