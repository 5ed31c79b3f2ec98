// One bench process's figures on its own backend (DML_WASM_THREADS, DML_NATIVE set by the parent):
// training and inference tokens/s per size (optionally the two-process data-parallel split), the
// matMul and product figures, and with DML_BENCH_PROFILE the kernel profile of a small step.
import { describeBackend, describeNative, initBackend } from '../../lib/backend/backend';
import { createDataParallel } from '../../lib/model/parallel/data-parallel';
import { AdamW } from '../../lib/training/adamw';
import { benchModel } from './model';
import { matMulGflops, productFigures, type ProductFigures } from './products';
import { profileStep, type KernelShare } from './profile';
import { benchConfig, forwardFlopsPerToken, SEQ, SHAPES, type BenchSize } from './shapes';
import { timeIt } from './timing';

export interface Figures {
  train: number;
  infer: number;
  trainDp?: number;
  inferDp?: number;
  flops: number;
}

export interface ChildFigures {
  backend: string;
  matMul: number;
  products?: ProductFigures;
  profile?: KernelShare[];
  sizes: Partial<Record<BenchSize, Figures>>;
}

async function measure(size: BenchSize, runs: number, dataParallel: boolean): Promise<Figures> {
  const tokens = SHAPES[size].batch * SEQ;
  const model = await benchModel(size);
  const train = tokens / (await timeIt(model.step, runs));
  const infer = tokens / (await timeIt(model.infer, runs + 2));
  const figures: Figures = { train, infer, flops: forwardFlopsPerToken(benchConfig(size)) };
  if (dataParallel) {
    const dp = await createDataParallel(model.dir, { workers: 1 });
    const dpOpt = new AdamW(dp.model.trainableVariables());
    figures.trainDp = tokens / (await timeIt(() => dp.step(model.tokens, model.labels, dpOpt, 1e-4), runs));
    figures.inferDp = tokens / (await timeIt(() => dp.predict(model.tokens), runs + 2));
    dpOpt.dispose();
    await dp.dispose();
  }
  model.dispose();
  return figures;
}

/** Measures on this process's backend; with `dataParallel`, also the two-process split. */
export async function measureHere(dataParallel: boolean, sizes: BenchSize[], profile = false): Promise<ChildFigures> {
  await initBackend({ quiet: true });
  const out: ChildFigures['sizes'] = {};
  for (const size of sizes) out[size] = await measure(size, size === 'tiny' ? 5 : size === 'small' ? 3 : 2, dataParallel);
  return {
    backend: describeBackend() + describeNative().replace(/; native GEMM not used.*/, ''),
    matMul: matMulGflops(),
    products: productFigures(),
    ...(profile ? { profile: (await profileStep('small')).slice(0, 10) } : {}),
    sizes: out,
  };
}
