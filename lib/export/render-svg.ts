// Any figure spec to a standalone SVG document (browser downloads and the CLI bundle share this).
import type { FigureSpec } from './figure-spec';
import { renderMatrixSvg } from './svg-matrix';
import { renderTokensSvg } from './svg-tokens';
import { renderXYSvg } from './svg-xy';

export function renderFigureSvg(spec: FigureSpec): string {
  if (spec.kind === 'matrix') return renderMatrixSvg(spec);
  if (spec.kind === 'tokens') return renderTokensSvg(spec);
  return renderXYSvg(spec);
}
