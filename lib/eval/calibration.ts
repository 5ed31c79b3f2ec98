// Calibration of predicted confidences: reliability bins and expected calibration error.
// ECE = sum_b (|B_b| / n) * |acc(B_b) - conf(B_b)| over M equal-width bins of the confidence
// (Guo et al. 2017, "On Calibration of Modern Neural Networks", eq. 3; bin b holds (lo, hi],
// the first bin also holds 0). M = 15 as in that paper.

export const DEFAULT_CALIBRATION_BINS = 15;

export interface ReliabilityBin {
  lo: number;
  hi: number;
  count: number;
  /** Fraction correct in the bin (0 when empty). */
  accuracy: number;
  /** Mean confidence in the bin (the bin centre when empty). */
  confidence: number;
}

function checkInputs(confidences: number[], correct: boolean[], nBins: number): void {
  if (confidences.length !== correct.length) {
    throw new RangeError(`confidences (${confidences.length}) and correct (${correct.length}) differ in length`);
  }
  if (!Number.isInteger(nBins) || nBins < 1) throw new RangeError(`nBins must be a positive integer, got ${nBins}`);
}

/** Index of the bin (lo, hi] holding confidence c; values outside [0, 1] are clamped. */
function binOf(c: number, nBins: number): number {
  const clamped = Math.min(1, Math.max(0, c));
  return Math.max(0, Math.ceil(clamped * nBins) - 1);
}

/** Equal-width reliability bins over [0, 1], every bin listed (empty ones with count 0). */
export function reliabilityBins(confidences: number[], correct: boolean[], nBins = DEFAULT_CALIBRATION_BINS): ReliabilityBin[] {
  checkInputs(confidences, correct, nBins);
  const count = new Array<number>(nBins).fill(0);
  const hits = new Array<number>(nBins).fill(0);
  const confSum = new Array<number>(nBins).fill(0);
  confidences.forEach((c, i) => {
    const b = binOf(c, nBins);
    count[b]++;
    confSum[b] += c;
    if (correct[i]) hits[b]++;
  });
  return count.map((n, b) => ({
    lo: b / nBins,
    hi: (b + 1) / nBins,
    count: n,
    accuracy: n ? hits[b] / n : 0,
    confidence: n ? confSum[b] / n : (b + 0.5) / nBins,
  }));
}

/** Expected calibration error in [0, 1]; 0 for an empty input. */
export function expectedCalibrationError(confidences: number[], correct: boolean[], nBins = DEFAULT_CALIBRATION_BINS): number {
  const n = confidences.length;
  if (n === 0) return 0;
  return reliabilityBins(confidences, correct, nBins).reduce((sum, b) => sum + (b.count / n) * Math.abs(b.accuracy - b.confidence), 0);
}
