// Minimal SVG string building: escaping and a few element helpers. Text uses fonts present on
// Debian (DejaVu) with generic fallbacks, so resvg (PNG) and browsers render the same glyphs.

export const FONT_FAMILY = 'DejaVu Sans, Helvetica, Arial, sans-serif';

export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function num(v: number): string {
  return Number.isFinite(v) ? String(Math.round(v * 100) / 100) : '0';
}

type Attrs = Record<string, string | number | undefined>;

function attrs(a: Attrs): string {
  return Object.entries(a)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => ` ${k}="${typeof v === 'number' ? num(v) : esc(String(v))}"`)
    .join('');
}

export function el(name: string, a: Attrs, children = ''): string {
  return children ? `<${name}${attrs(a)}>${children}</${name}>` : `<${name}${attrs(a)}/>`;
}

export function text(x: number, y: number, content: string, a: Attrs = {}): string {
  return el('text', { x, y, 'font-size': 12, fill: '#222', ...a }, esc(content));
}

export function svgDocument(width: number, height: number, body: string, title: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}">` +
    `<title>${esc(title)}</title><rect width="100%" height="100%" fill="#ffffff"/>${body}</svg>\n`
  );
}

/** Rough text width for layout (DejaVu Sans averages ~0.6 em per glyph). */
export function textWidth(s: string, fontSize = 12): number {
  return s.length * fontSize * 0.6;
}
