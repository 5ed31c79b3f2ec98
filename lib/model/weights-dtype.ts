// The storage types of frozen weights (`--weights-dtype`; no tfjs here: the train config, the web
// form and the memory budget read it). float32 keeps every weight a float32 variable; float16 and
// bfloat16 hold the frozen ones in 16 bits (half-weights.ts), the backend still computing in float32.
export const WEIGHTS_DTYPES = ['float32', 'float16', 'bfloat16'] as const;
export type WeightsDtype = (typeof WEIGHTS_DTYPES)[number];
export type HalfDtype = Exclude<WeightsDtype, 'float32'>;

/** Bytes per stored frozen weight. */
export function frozenWeightBytes(dtype: WeightsDtype | undefined): number {
  return dtype === 'float16' || dtype === 'bfloat16' ? 2 : 4;
}
