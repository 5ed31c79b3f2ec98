// SVG -> vector PDF without a browser (pdfkit + svg-to-pdfkit): the page is the figure's size.
import PDFDocument from 'pdfkit';
// @ts-expect-error svg-to-pdfkit ships no type declarations
import SVGtoPDF from 'svg-to-pdfkit';

function svgSize(svg: string): [number, number] {
  const w = /<svg[^>]*\swidth="([\d.]+)"/.exec(svg);
  const h = /<svg[^>]*\sheight="([\d.]+)"/.exec(svg);
  return [Number(w?.[1] ?? 640), Number(h?.[1] ?? 400)];
}

export function svgToPdf(svg: string, title = 'figure'): Promise<Buffer> {
  const [width, height] = svgSize(svg);
  const doc = new PDFDocument({ size: [width, height], margin: 0, info: { Title: title, Producer: 'dml-lens' } });
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    (SVGtoPDF as (doc: unknown, svg: string, x: number, y: number, opts?: object) => void)(doc, svg, 0, 0, { width, height, assumePt: true });
    doc.end();
  });
}
