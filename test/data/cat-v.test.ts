import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { decodeCatV, encodeCatV } from '../../lib/data/cat-v';
import { cp1252Char, decodeBytes } from '../../lib/data/decode';
import { ptbSedLine } from '../../lib/data/ptb-sed';
import { sharedSentevalDir } from '../helpers/db';

test('encodeCatV writes GNU cat -v notation', () => {
  assert.equal(encodeCatV(Buffer.from([0x61, 0x85, 0xe9, 0x09, 0x0a, 0x01, 0x7f, 0xff, 0xa0])), 'aM-^EM-i\t\n^A^?M-^?M- ');
});

test('decodeCatV inverts cat -v for every high byte, also after tokenizer.sed', () => {
  for (let b = 0x80; b < 0x100; b++) {
    const enc = encodeCatV(Buffer.from([0x78, b, 0x79]));
    assert.equal(decodeCatV(enc), `x${cp1252Char(b)}y`, `byte 0x${b.toString(16)} as ${enc}`);
  }
  // tokenizer.sed pads { and ? with spaces: "crème brûlée" and "¿qué"
  assert.equal(decodeCatV(ptbSedLine(encodeCatV(Buffer.from('cr\xe8me br\xfbl\xe9e', 'latin1')))), 'crème brûlée ');
  assert.equal(decodeCatV('M- ? quM-i'), '¿qué');
  // literal carets stay
  assert.equal(decodeCatV('sweet ^ _ ^ '), 'sweet ^ _ ^ ');
});

const dir = sharedSentevalDir();

test('processed MR and SUBJ decode to the same non-ASCII characters as the cp1252 originals', { skip: dir ? false : 'no ../shared/data/senteval' }, () => {
  for (const f of ['MR/rt-polarity.pos', 'MR/rt-polarity.neg', 'SUBJ/subj.subjective']) {
    const raw = decodeBytes(fs.readFileSync(path.join(dir!, f.replace('/', '/original/'))), 'cp1252', f).split('\n');
    const proc = decodeCatV(fs.readFileSync(path.join(dir!, f), 'latin1')).split('\n');
    assert.equal(proc.length, raw.length);
    let nonAscii = 0;
    for (let i = 0; i < raw.length; i++) {
      const a = raw[i].replace(/[^\x80-\uffff]/g, '');
      nonAscii += a.length;
      assert.equal(proc[i].replace(/[^\x80-\uffff]/g, ''), a, `${f}:${i + 1}`);
      assert.ok(!proc[i].includes('M-'), `${f}:${i + 1} still has M- notation`);
    }
    assert.ok(nonAscii > 50, `${f} has non-ASCII text`);
  }
});
