// Colour-blind-safe colours shared by the dashboard (recharts) and the exported figures (SVG/PDF/PNG).
// Okabe & Ito (2008), "Color Universal Design": distinguishable under protanopia, deuteranopia and
// tritanopia. Losses keep one colour everywhere so that CE is the same line in every figure; each
// loss's colour is the `colour` key of its spec (lib/losses/<loss>.ts).
import { LOSS_SPECS } from '../losses/catalog.generated';
import type { ColourKey } from '../losses/spec';

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

/** The Okabe-Ito colours by name (the `colour` keys of the loss specs). */
export const COLOUR_BY_KEY: Record<ColourKey, string> = {
  blue: OKABE_ITO[0],
  vermillion: OKABE_ITO[1],
  'bluish-green': OKABE_ITO[2],
  'reddish-purple': OKABE_ITO[3],
  orange: OKABE_ITO[4],
  'sky-blue': OKABE_ITO[5],
  yellow: OKABE_ITO[6],
  black: OKABE_ITO[7],
};

/** Fixed colours per loss, so that figures made at different times agree; CE is black. */
export const LOSS_COLOURS: Readonly<Record<string, string>> = {
  ce: COLOUR_BY_KEY.black,
  ...Object.fromEntries(LOSS_SPECS.map((s) => [s.name, COLOUR_BY_KEY[s.colour]])),
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
