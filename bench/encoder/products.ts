// The 2-D product figures of the encoder bench: tfjs' matMul at 512 x 512, and the native GEMM (and
// the system BLAS, when one is found) at the dense products of a base-shaped layer at 512 tokens,
// each as a share of the FMA peak probe, on this process's threads.
import * as tf from '@tensorflow/tfjs';
import { nativeStatus } from '../../lib/backend/native-addon';

export function matMulGflops(): number {
  const a = tf.randomNormal([512, 512]);
  const once = () =>
    tf.tidy(() => {
      tf.matMul(a, a).dataSync(); // returned arrays would be walked by tidy (slow)
    });
  once();
  const t0 = performance.now();
  for (let i = 0; i < 20; i++) once();
  a.dispose();
  return (20 * 2 * 512 ** 3) / ((performance.now() - t0) / 1000) / 1e9;
}

/** The dense products of a base-shaped layer at 512 tokens, [M, N, K]: [M, K] @ [K, N]. */
export const PRODUCT_SHAPES = [
  [512, 768, 768],
  [512, 3072, 768],
  [512, 768, 3072],
] as const;

export interface ProductFigures {
  peak: number;
  simd: string;
  /** GFLOP/s over all PRODUCT_SHAPES, and per shape. */
  own: number;
  ownByShape: number[];
  blas?: number;
  blasName?: string;
}

/** GFLOP/s at PRODUCT_SHAPES with the addon's current engine: [all, ...per shape]. */
function rates(gemm: NonNullable<ReturnType<typeof nativeStatus>['addon']>['gemm']): number[] {
  let flops = 0;
  let seconds = 0;
  const byShape = PRODUCT_SHAPES.map(([M, N, K]) => {
    const a = new Float32Array(M * K).fill(0.5);
    const b = new Float32Array(K * N).fill(0.25);
    const c = new Float32Array(M * N);
    gemm(a, b, c, null, 1, M, N, K, 0, 0, 0, 0);
    const t0 = performance.now();
    for (let r = 0; r < 5; r++) gemm(a, b, c, null, 1, M, N, K, 0, 0, 0, 0);
    const s = (performance.now() - t0) / 1000;
    seconds += s;
    flops += 5 * 2 * M * N * K;
    return (5 * 2 * M * N * K) / s / 1e9;
  });
  return [flops / seconds / 1e9, ...byShape];
}

export function productFigures(): ProductFigures | undefined {
  const addon = nativeStatus().addon;
  if (!addon) return undefined;
  const simd = addon.simd();
  const peak = addon.fmaPeak(simd === 'avx512' ? 'avx512' : 'avx2', 1);
  const [own, ...ownByShape] = rates(addon.gemm.bind(addon));
  const figures: ProductFigures = { peak, simd, own, ownByShape };
  if (addon.setEngine('blas') === 'blas') {
    figures.blas = rates(addon.gemm.bind(addon))[0];
    figures.blasName = addon.blas();
    addon.setEngine('own');
  }
  return figures;
}
