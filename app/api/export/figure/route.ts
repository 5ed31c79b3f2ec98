// POST {format: 'svg'|'png'|'pdf', spec: FigureSpec} -> the figure file. The browser sends the spec
// of the chart it shows; the server renders the same SVG and converts it (resvg / pdfkit).
import { z } from 'zod';
import { figureFileName, type FigureSpec } from '../../../../lib/export/figure-spec';
import { svgToPdf } from '../../../../lib/export/pdf';
import { svgToPng } from '../../../../lib/export/png';
import { renderFigureSvg } from '../../../../lib/export/render-svg';

const MAX_BODY = 8 * 1024 * 1024;

const RequestSchema = z.object({
  format: z.enum(['svg', 'png', 'pdf']),
  scale: z.number().min(0.5).max(6).optional(),
  spec: z.object({ kind: z.enum(['line', 'bar', 'scatter', 'matrix', 'tokens']), title: z.string().max(300) }).passthrough(),
});

const TYPES = { svg: 'image/svg+xml', png: 'image/png', pdf: 'application/pdf' } as const;

export async function POST(request: Request): Promise<Response> {
  const raw = await request.text();
  if (raw.length > MAX_BODY) return new Response('figure spec too large', { status: 413 });
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return new Response('body must be JSON: {format, spec}', { status: 400 });
  }
  const parsed = RequestSchema.safeParse(body);
  if (!parsed.success) return new Response(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'), { status: 422 });
  const spec = parsed.data.spec as unknown as FigureSpec;
  try {
    const svg = renderFigureSvg(spec);
    const name = figureFileName(spec.title);
    const file =
      parsed.data.format === 'svg'
        ? svg
        : parsed.data.format === 'png'
          ? svgToPng(svg, parsed.data.scale ?? 2)
          : await svgToPdf(svg, spec.title);
    const bytes = typeof file === 'string' ? file : new Uint8Array(file);
    return new Response(bytes, {
      headers: { 'content-type': TYPES[parsed.data.format], 'content-disposition': `attachment; filename="${name}.${parsed.data.format}"` },
    });
  } catch (err) {
    return new Response(`could not render the figure: ${(err as Error).message}`, { status: 422 });
  }
}
