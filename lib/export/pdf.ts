// SVG -> vector PDF without a browser (pdfkit + svg-to-pdfkit): the page is the figure's size.
// Text is set in DejaVu Sans when the system has it (Debian does), embedded, so δ, −, ±, ′, ✓ and
// the like print; without it, PDFKit's Helvetica is used and characters outside its Latin-1 set
// are replaced by ASCII stand-ins.
import fs from 'node:fs';
import PDFDocument from 'pdfkit';
// @ts-expect-error svg-to-pdfkit ships no type declarations
import SVGtoPDF from 'svg-to-pdfkit';

const DEJAVU = '/usr/share/fonts/truetype/dejavu';
const FONTS = { regular: `${DEJAVU}/DejaVuSans.ttf`, bold: `${DEJAVU}/DejaVuSans-Bold.ttf` };
const ASCII_STAND_INS: Record<string, string> = {
  δ: 'd',
  '−': '-',
  '′': "'",
  '✓': 'ok',
  '✗': 'x',
  '⚠': '!',
  '–': '-',
  β: 'beta',
  Δ: 'D',
  '…': '...',
  '→': '->',
  '·': '.',
};

function svgSize(svg: string): [number, number] {
  const w = /<svg[^>]*\swidth="([\d.]+)"/.exec(svg);
  const h = /<svg[^>]*\sheight="([\d.]+)"/.exec(svg);
  return [Number(w?.[1] ?? 640), Number(h?.[1] ?? 400)];
}

export function svgToPdf(svg: string, title = 'figure'): Promise<Buffer> {
  const [width, height] = svgSize(svg);
  const doc = new PDFDocument({ size: [width, height], margin: 0, info: { Title: title, Producer: 'dml-lens' } });
  // turbopackIgnore: fixed system paths; without it `next build` traces the whole project (and says so)
  const embedded = fs.existsSync(/*turbopackIgnore: true*/ FONTS.regular) && fs.existsSync(/*turbopackIgnore: true*/ FONTS.bold);
  if (embedded) {
    doc.registerFont('DejaVu', FONTS.regular);
    doc.registerFont('DejaVu-Bold', FONTS.bold);
  }
  const source = embedded ? svg : svg.replace(/[δ−′✓✗⚠–βΔ…→·]/g, (c) => ASCII_STAND_INS[c] ?? '?');
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    (SVGtoPDF as (doc: unknown, svg: string, x: number, y: number, opts?: object) => void)(doc, source, 0, 0, {
      width,
      height,
      assumePt: true,
      ...(embedded ? { fontCallback: (_family: string, bold: boolean) => (bold ? 'DejaVu-Bold' : 'DejaVu') } : {}),
    });
    doc.end();
  });
}
