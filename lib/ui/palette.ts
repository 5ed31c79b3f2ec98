// Colour-blind-safe colours shared by the dashboard (recharts) and the exported figures (SVG/PDF/PNG).
// Okabe & Ito (2008), "Color Universal Design": distinguishable under protanopia, deuteranopia and
// tritanopia. Losses keep one colour everywhere so that CE is the same line in every figure.

export const OKABE_ITO = [
  '#0072B2', // blue
  '#D55E00', // vermillion
  '#009E73', // bluish green
  '#CC79A7', // reddish purple
  '#E69F00', // orange
  '#56B4E9', // sky blue
  '#F0E442', // yellow (weak on white: used last)
  '#000000', // black
] as const;

/** Fixed colours for the losses of the paper, so that figures made at different times agree. */
const LOSS_COLOURS: Record<string, string> = {
  ce: '#000000',
  'soft-triple': '#0072B2',
  'proxy-anchor': '#D55E00',
  supcon: '#009E73',
  'proxy-nca': '#CC79A7',
  'n-pairs': '#E69F00',
  triplet: '#56B4E9',
};

/** Dash patterns keep series apart in greyscale print as well. */
const DASHES = ['', '6 3', '2 2', '8 3 2 3', '4 4', '1 3'];

export function seriesColour(index: number): string {
  return OKABE_ITO[index % (OKABE_ITO.length - 1)];
}

export function seriesDash(index: number): string {
  return DASHES[index % DASHES.length];
}

/** The colour of a loss (or a label "loss (β=0.4)"), falling back to the palette by position. */
export function lossColour(name: string, index: number): string {
  const base = name.split(' ')[0];
  return LOSS_COLOURS[base] ?? seriesColour(index);
}

/** Colour for a class label index (scatter plots, confusion highlights). */
export function labelColour(label: number): string {
  return seriesColour(label);
}

export const CORRECT_COLOUR = '#009E73';
export const WRONG_COLOUR = '#D55E00';

/**
 * Diverging blue (negative) - white - vermillion (positive) for signed attributions; `value` in
 * [-1, 1]. Blue/vermillion stay apart for the common colour-vision deficiencies.
 */
export function divergingColour(value: number): string {
  const v = Math.max(-1, Math.min(1, Number.isFinite(value) ? value : 0));
  const [r, g, b] = v >= 0 ? [0xd5, 0x5e, 0x00] : [0x00, 0x72, 0xb2];
  const t = Math.abs(v);
  const mix = (c: number) => Math.round(255 + (c - 255) * t);
  return `rgb(${mix(r)},${mix(g)},${mix(b)})`;
}

/** Sequential white -> blue for non-negative quantities (attention, confusion counts); t in [0, 1]. */
export function sequentialColour(t: number): string {
  const v = Math.max(0, Math.min(1, Number.isFinite(t) ? t : 0));
  const mix = (c: number) => Math.round(255 + (c - 255) * v);
  return `rgb(${mix(0x00)},${mix(0x4c)},${mix(0x8c)})`;
}

/** Black or white text, whichever reads better on a fill of intensity t in [0, 1]. */
export function textOn(t: number): string {
  return Math.abs(t) > 0.55 ? '#ffffff' : '#111111';
}
