#!/usr/bin/env node
// Rewrites citations of notes that are not in the repository (PAPER.md, ENVIRONMENT.md, STYLE.md,
// DESIGN.md, ANCHORS.md) to the repository's own docs (docs/paper.md, docs/environment.md, ...) or
// to the cited paper, by the mapping table below. Idempotent: a rewritten file has nothing left to
// rewrite. Usage: node scripts/fix-doc-citations.mjs [--check] [path ...]
//   (default paths: lib app scripts test e2e bench docs models README.md; --check writes nothing
//   and exits 1 when a citation is left to rewrite or has no mapping)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Sections of docs/paper.md (same numbers as the notes it replaces). */
const PAPER_SECTIONS = new Set([
  '1',
  '1.1',
  '1.2',
  '1.3',
  '1.4',
  '1.5',
  '1.6',
  '1.7',
  '1.8',
  '1.9',
  '2',
  '3',
  '3.1',
  '3.2',
  '4',
  '4.1',
  '4.2',
  '4.3',
  '4.4',
  '5',
  '5.0',
  '5.1',
  '5.2',
  '5.3',
  '5.4',
  '5.5',
  '5.6',
  '5.7',
  '5.8',
  '5.9',
  '5.10',
  '5.11',
]);
/** Sections of the old notes that moved elsewhere in docs/paper.md. */
const PAPER_MOVED = { 2.1: '2', 2.2: '2', 6: '5', 7: '2', 0: '' };

/** Notes other than PAPER.md: section -> where it lives now ('' = the note as a whole). */
const OTHER_NOTES = {
  'ENVIRONMENT.md': { 4: 'docs/environment.md §1', 7: 'docs/environment.md §2', '': 'docs/environment.md' },
  'STYLE.md': { 3: 'docs/encoder.md', '': 'docs/encoder.md' },
  'DESIGN.md': { '': 'README.md, Architecture' },
  'ANCHORS.md': { 6: 'docs/paper.md §1.9', 7: 'arXiv 1703.01365', '': 'docs/paper.md' },
};

const SECTION = String.raw`(\d+(?:\.\d+)?)`;
const RANGE = String.raw`${SECTION}(?:\s*[-–]\s*${SECTION})?`;

/** @param {string} section @param {(warning: string) => void} warn */
function paperSection(section, warn) {
  if (PAPER_SECTIONS.has(section)) return section;
  if (section in PAPER_MOVED) return PAPER_MOVED[section];
  const parent = section.split('.')[0];
  warn(`PAPER.md §${section} has no counterpart; cited as §${parent}`);
  return parent;
}

/**
 * The text with every citation rewritten; `file` decides how docs/ files link (relative).
 * @param {string} text
 * @param {string} [file]
 * @param {(warning: string) => void} [warn]
 * @returns {string}
 */
export function rewriteCitations(text, file = '', warn = (_warning) => {}) {
  const inDocs = file.split(path.sep).join('/').includes('docs/') && file.endsWith('.md');
  const paper = inDocs ? 'paper.md' : 'docs/paper.md';
  const cite = (from, to) => (to ? `${paper} §${from}${to !== from ? `-${to}` : ''}` : `${paper} §${from}`);
  let out = text.replace(/(?:\.\.\/)*shared\/docs\/PAPER\.md/g, 'PAPER.md');
  // "PAPER.md §1.6", "PAPER.md 1.3-1.4", "PAPER §5.1", "PAPER.md §5.10-5.11"
  out = out.replace(new RegExp(String.raw`\bPAPER(?:\.md)?\s*§?\s*${RANGE}`, 'g'), (_m, a, b) => {
    const from = paperSection(a, warn);
    const to = b ? paperSection(b, warn) : undefined;
    return from ? cite(from, to) : paper;
  });
  out = out.replace(/\bPAPER\.md\b/g, paper);
  for (const [note, sections] of Object.entries(OTHER_NOTES)) {
    const name = note.replace('.', '\\.');
    out = out.replace(new RegExp(String.raw`\b${name}\s*§?\s*${SECTION}`, 'g'), (m, s) => {
      const to = sections[s] ?? sections[s.split('.')[0]];
      if (to !== undefined) return relative(to, inDocs);
      warn(`${note} §${s} has no mapping; cited as ${sections['']}`);
      return relative(sections[''], inDocs);
    });
    out = out.replace(new RegExp(String.raw`\b${name}`, 'g'), relative(sections[''], inDocs));
  }
  return out;
}

function relative(target, inDocs) {
  return inDocs ? target.replace(/^docs\//, '').replace(/^README\.md/, '../README.md') : target;
}

/** A file holding this text is left alone (the script's own test cites the old notes on purpose). */
const IGNORE_MARKER = 'fix-doc-citations: ignore-file';

const TEXT = /\.(ts|tsx|mjs|cjs|js|md|css|sh|py)$/;
const SKIP_NAMES = new Set(['node_modules', '.git', '.next']);
const SKIP_PATHS = new Set(['var', 'data', 'test-artifacts', 'models/cache', 'docs/results', 'docs/screenshots']);

function* walk(p) {
  const stat = fs.statSync(p, { throwIfNoEntry: false });
  if (!stat) return;
  if (stat.isFile()) {
    if (TEXT.test(p)) yield p;
    return;
  }
  for (const e of fs.readdirSync(p, { withFileTypes: true })) {
    const child = path.join(p, e.name);
    if (SKIP_NAMES.has(e.name) || SKIP_PATHS.has(path.relative(process.cwd(), child).split(path.sep).join('/'))) continue;
    yield* walk(child);
  }
}

function main(argv) {
  const check = argv.includes('--check');
  const given = argv.filter((a) => a !== '--check');
  const roots = given.length ? given : ['lib', 'app', 'scripts', 'test', 'e2e', 'bench', 'docs', 'models', 'README.md'];
  const self = path.resolve(fileURLToPath(import.meta.url));
  let changed = 0;
  let warnings = 0;
  for (const root of roots) {
    for (const file of walk(root)) {
      if (path.resolve(file) === self) continue;
      const text = fs.readFileSync(file, 'utf8');
      if (text.includes(IGNORE_MARKER)) continue;
      const out = rewriteCitations(text, file, (w) => {
        warnings++;
        console.error(`${file}: ${w}`);
      });
      if (out === text) continue;
      changed++;
      if (check) console.log(`${file}: cites notes outside the repository`);
      else {
        fs.writeFileSync(file, out);
        console.log(`${file}: citations rewritten`);
      }
    }
  }
  console.log(`${changed} file(s) ${check ? 'to rewrite' : 'rewritten'}${warnings ? `, ${warnings} warning(s)` : ''}`);
  return check && (changed > 0 || warnings > 0) ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(fileURLToPath(import.meta.url))) {
  process.exitCode = main(process.argv.slice(2));
}
