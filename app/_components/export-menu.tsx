'use client';
// Download buttons of a figure: SVG is rendered here from the spec (lib/export, no DOM needed),
// PNG and PDF by the server from the same SVG, CSV is the plotted data itself.
import { useState } from 'react';
import { figureData, figureFileName, type FigureSpec } from '../../lib/export/figure-spec';
import { toCsv } from '../../lib/export/csv';
import { renderFigureSvg } from '../../lib/export/render-svg';
import { downloadBlob, downloadText } from './download';

export function ExportMenu({ spec }: { spec: FigureSpec }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const name = figureFileName(spec.title);
  const server = async (format: 'png' | 'pdf') => {
    setBusy(format);
    setError(null);
    try {
      const res = await fetch('/api/export/figure', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ format, spec }),
      });
      if (!res.ok) throw new Error((await res.text()) || res.statusText);
      downloadBlob(await res.blob(), `${name}.${format}`);
    } catch (e) {
      setError(`${format.toUpperCase()} export failed: ${(e as Error).message}`);
    } finally {
      setBusy(null);
    }
  };
  const data = () => {
    const { header, rows } = figureData(spec);
    downloadText(toCsv(header, rows), `${name}.csv`, 'text/csv');
  };
  return (
    <div className="export-menu" role="group" aria-label={`Download ${spec.title}`}>
      <button
        type="button"
        onClick={() => downloadText(renderFigureSvg(spec), `${name}.svg`, 'image/svg+xml')}
        title="Vector figure with title, axes and legend"
      >
        SVG
      </button>
      <button type="button" onClick={() => void server('png')} disabled={busy !== null}>
        {busy === 'png' ? '…' : 'PNG'}
      </button>
      <button type="button" onClick={() => void server('pdf')} disabled={busy !== null}>
        {busy === 'pdf' ? '…' : 'PDF'}
      </button>
      <button type="button" onClick={data} title="The plotted numbers">
        CSV
      </button>
      {error ? (
        <span className="small warn" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}
