// CSV quoting and LaTeX booktabs tables.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvField, tableToCsv, toCsv } from '../../lib/export/csv';
import { latexEscape, tableToLatex } from '../../lib/export/latex';
import type { TableSpec } from '../../lib/export/table-spec';

test('CSV quotes fields with commas, quotes and line breaks', () => {
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField(0.25), '0.25');
  assert.equal(csvField(NaN), '');
  assert.equal(toCsv(['x', 'y'], [[1, 'a\nb']]), 'x,y\r\n1,"a\nb"\r\n');
});

test('LaTeX: booktabs rules, escaped text, math cells, bold best', () => {
  assert.equal(latexEscape('50% of R&D_x ±'), '50\\% of R\\&D\\_x $\\pm$');
  const table: TableSpec = {
    title: 'Accuracy',
    caption: 'Mean ± std',
    columns: [
      { header: 'Dataset', align: 'l' },
      { header: 'ce', align: 'r' },
      { header: 'soft_triple', align: 'r' },
    ],
    rows: [
      {
        cells: [
          { text: 'MR' },
          { text: '70.0 ± 1.0', latex: '$70.0 \\pm 1.0$' },
          { text: '72.0 ± 2.0', latex: '$72.0 \\pm 2.0$', bold: true },
        ],
      },
    ],
  };
  const tex = tableToLatex(table, 'tab:x');
  assert.match(
    tex,
    /\\begin\{tabular\}\{lrr\}\n\s+\\toprule\n\s+Dataset & ce & soft\\_triple \\\\\n\s+\\midrule\n\s+MR & \$70.0 \\pm 1.0\$ & \\boldmath\{\}\$72.0 \\pm 2.0\$ \\\\\n\s+\\bottomrule/,
  );
  assert.match(tex, /\\caption\{Mean \$\\pm\$ std\}/);
  assert.match(tex, /\\label\{tab:x\}/);
  assert.equal(tableToCsv(table), 'Dataset,ce,soft_triple\r\nMR,70.0 ± 1.0,72.0 ± 2.0\r\n');
});

test('runs and experiments tables keep the numbers in their own CSV columns', async () => {
  const { experimentsTable } = await import('../../lib/export/figures/runs-tables');
  const t = experimentsTable([
    {
      id: 3,
      name: 'MR ce',
      sweepId: 1,
      dataset: 'MR',
      model: 'tiny',
      loss: 'ce',
      beta: 1,
      sampleSize: 20,
      status: 'done',
      runs: 4,
      accuracy: { mean: 0.8125, std: 0.02, n: 4 },
      createdAt: '',
    },
  ]);
  assert.equal(t.rows[0].cells[8].text, '81.3 ± 2.0');
  assert.equal(tableToCsv(t).split('\r\n')[1], '3,MR ce,MR,tiny,ce,1,20,4,0.8125,0.02,4,,,done');
  assert.match(tableToLatex(t), /81\.3 \$\\pm\$ 2\.0/);
});
