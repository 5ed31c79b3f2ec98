// Several standalone SVG figures as one document, side by side (the CE vs DML map panels), each
// kept as a nested <svg> so its coordinates, title and legend stay intact.
import { esc, svgDocument, text } from './svg';

function parts(svg: string): { width: number; height: number; body: string } {
  const open = /<svg[^>]*>/.exec(svg);
  if (!open) throw new Error('not an SVG document');
  const width = Number(/\swidth="([\d.]+)"/.exec(open[0])?.[1] ?? 640);
  const height = Number(/\sheight="([\d.]+)"/.exec(open[0])?.[1] ?? 400);
  const body = svg.slice(open.index + open[0].length, svg.lastIndexOf('</svg>')).replace(/<title>.*?<\/title>/, '');
  return { width, height, body };
}

export function sideBySideSvg(svgs: string[], title: string, gap = 16): string {
  const panels = svgs.map(parts);
  const top = 34;
  const width = panels.reduce((a, p) => a + p.width, 0) + gap * (panels.length - 1);
  const height = top + Math.max(...panels.map((p) => p.height));
  let x = 0;
  const body = panels
    .map((p, i) => {
      // ids inside panels (gradients) must stay unique in one document
      const inner = p.body.replace(/id="([^"]+)"/g, `id="$1-p${i}"`).replace(/url\(#([^)]+)\)/g, `url(#$1-p${i})`);
      const out = `<svg x="${x}" y="${top}" width="${p.width}" height="${p.height}" viewBox="0 0 ${p.width} ${p.height}">${inner}</svg>`;
      x += p.width + gap;
      return out;
    })
    .join('');
  return svgDocument(
    width,
    height,
    text(width / 2, 22, title, { 'text-anchor': 'middle', 'font-size': 16, 'font-weight': 'bold' }) + body,
    esc(title),
  );
}
