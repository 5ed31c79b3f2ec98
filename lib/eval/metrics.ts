// Classification metrics from gold labels and predictions, as scikit-learn defines them:
//   precision_c = TP_c / (TP_c + FP_c), recall_c = TP_c / (TP_c + FN_c), f1_c = 2PR / (P + R)
//   (0 when a denominator is 0, sklearn's zero_division=0);
//   macro-F1 = mean_c f1_c over all classes; weighted-F1 = sum_c support_c * f1_c / n.
// confusion[i][j] = number of examples of gold class i predicted as class j.

export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ClassificationMetrics {
  accuracy: number;
  macroF1: number;
  weightedF1: number;
  perClass: ClassMetrics[];
  confusion: number[][];
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

/** Confusion matrix [numClasses x numClasses] of gold (rows) vs predicted (columns). */
export function confusionMatrix(labels: number[], predicted: number[], numClasses: number): number[][] {
  if (labels.length !== predicted.length)
    throw new RangeError(`labels (${labels.length}) and predictions (${predicted.length}) differ in length`);
  const m = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  labels.forEach((y, i) => {
    const p = predicted[i];
    if (y < 0 || y >= numClasses || p < 0 || p >= numClasses)
      throw new RangeError(`class index out of range at ${i}: gold ${y}, predicted ${p}`);
    m[y][p]++;
  });
  return m;
}

/** Accuracy, macro/weighted F1, per-class precision/recall/F1/support and the confusion matrix. */
export function classificationMetrics(labels: number[], predicted: number[], labelNames: string[]): ClassificationMetrics {
  const C = labelNames.length;
  const confusion = confusionMatrix(labels, predicted, C);
  const n = labels.length;
  let correct = 0;
  const perClass = labelNames.map((label, c) => {
    const tp = confusion[c][c];
    correct += tp;
    const support = confusion[c].reduce((a, b) => a + b, 0);
    const predictedAsC = confusion.reduce((a, row) => a + row[c], 0);
    const precision = ratio(tp, predictedAsC);
    const recall = ratio(tp, support);
    return { label, precision, recall, f1: ratio(2 * precision * recall, precision + recall), support };
  });
  return {
    accuracy: ratio(correct, n),
    macroF1: ratio(
      perClass.reduce((a, m) => a + m.f1, 0),
      C,
    ),
    weightedF1: ratio(
      perClass.reduce((a, m) => a + m.f1 * m.support, 0),
      n,
    ),
    perClass,
    confusion,
  };
}

/** Index of the largest value (first on ties). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
