// Seeded dropout whose mask for a batch row depends only on (call seed, global row index), so a
// batch split across data-parallel workers draws the same masks as the whole batch on one
// thread. Kept units are scaled by 1/(1-p) (inverted dropout, as torch.nn.Dropout).
import * as tf from '@tensorflow/tfjs';
import { Rng, deriveSeed } from '../util/random';

/** Per-forward dropout state: one seed per dropout site, drawn in call order. */
export class DropoutContext {
  private readonly sites: Rng;

  /** @param rowOffset index of this batch's first row in the whole batch (data parallel) */
  constructor(
    seed: number,
    readonly rowOffset = 0,
  ) {
    this.sites = new Rng(seed);
  }

  /** A seed for a child context (a recomputed layer re-creates its masks from it). */
  nextSeed(): number {
    return this.sites.nextUint32();
  }

  /** x with dropout of rate p over rows (dim 0); identity for p = 0. */
  apply(x: tf.Tensor, rate: number): tf.Tensor {
    const siteSeed = this.sites.nextUint32(); // drawn even for p = 0, so sites keep their seeds
    if (rate <= 0) return x;
    const rows = x.shape[0];
    const perRow = x.size / rows;
    const keep = 1 - rate;
    const scale = 1 / keep;
    const mask = new Float32Array(x.size);
    for (let r = 0; r < rows; r++) {
      const rng = new Rng(deriveSeed(siteSeed, String(this.rowOffset + r)));
      const base = r * perRow;
      for (let j = 0; j < perRow; j++) if (rng.next() < keep) mask[base + j] = scale;
    }
    return tf.mul(x, tf.tensor(mask, x.shape, 'float32'));
  }
}
