// Progress of a run as the dashboard streams it: {step, totalSteps, epoch, loss, etaMs, phase},
// persisted at most once per interval. ETA while training = time per step x steps left + an
// evaluation estimate (a forward pass costs about a third of a training step's forward+backward,
// so evaluating one sentence ~ stepTime / (3 x rows per step)); while evaluating it is measured.
import type { Progress } from '../store/runs';

export const PROGRESS_INTERVAL_MS = 1000;

export class ProgressTracker {
  private readonly t0 = Date.now();
  private lastSent = 0;
  private evalStart = 0;
  private latest: Progress;

  constructor(
    totalSteps: number,
    private readonly stepsPerEpoch: number,
    private readonly rowsPerStep: number,
    private readonly evalSize: number,
  ) {
    this.latest = { step: 0, totalSteps, epoch: 0, loss: null, etaMs: null, phase: 'train' };
  }

  /** After a training step; returns the progress when it is due for persisting. */
  onStep(step: number, loss: number): Progress | undefined {
    const perStep = (Date.now() - this.t0) / step;
    const evalGuess = (perStep / (3 * Math.max(1, this.rowsPerStep))) * this.evalSize;
    const etaMs = Math.round(perStep * (this.latest.totalSteps - step) + evalGuess);
    this.latest = { ...this.latest, step, epoch: step / this.stepsPerEpoch, loss, etaMs, phase: 'train' };
    return this.due(step === 1);
  }

  /** During evaluation (done of total sentences). */
  onEval(done: number, total: number): Progress | undefined {
    if (!this.evalStart) this.evalStart = Date.now();
    const elapsed = Date.now() - this.evalStart;
    const etaMs = done > 0 ? Math.round((elapsed / done) * (total - done)) : this.latest.etaMs;
    this.latest = { ...this.latest, phase: 'eval', etaMs };
    return this.due(done === 0);
  }

  current(): Progress {
    return this.latest;
  }

  private due(force = false): Progress | undefined {
    const now = Date.now();
    if (!force && now - this.lastSent < PROGRESS_INTERVAL_MS) return undefined;
    this.lastSent = now;
    return this.latest;
  }
}
