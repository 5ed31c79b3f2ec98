// A small well-formedness check for generated SVG: XML declaration, one root <svg>, every element
// closed in order, no raw "<" or "&" in text.

export function assertWellFormedSvg(svg: string): void {
  if (!svg.startsWith('<?xml')) throw new Error('missing XML declaration');
  const body = svg.replace(/^<\?xml[^>]*\?>\s*/, '');
  if (!body.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')) throw new Error('root is not an <svg> in the SVG namespace');
  const stack: string[] = [];
  const tag = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/g;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = tag.exec(body))) {
    if (m.index !== consumed) throw new Error(`unparsable markup at ${consumed}: ${body.slice(consumed, consumed + 60)}`);
    consumed = tag.lastIndex;
    if (m[5] !== undefined) {
      if (/&(?!(amp|lt|gt|quot|#\d+);)/.test(m[5])) throw new Error(`unescaped & in text: ${m[5].slice(0, 60)}`);
      continue;
    }
    if (m[1]) {
      const open = stack.pop();
      if (open !== m[2]) throw new Error(`</${m[2]}> closes <${open}>`);
    } else if (!m[4]) stack.push(m[2]);
  }
  if (consumed !== body.length) throw new Error(`trailing markup: ${body.slice(consumed, consumed + 60)}`);
  if (stack.length) throw new Error(`unclosed: ${stack.join(', ')}`);
}
