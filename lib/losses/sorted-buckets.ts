// Sorting many short float arrays fast, and counting below a threshold in O(1) expected time:
// a bucket sort (buckets as many as values, spread over [min, max]) with insertion sort inside
// small buckets and the native sort inside large ones (so clustered values stay O(n log n)).
// The triplet hinge sorts two arrays per anchor (triplet-ops.ts); native Float64Array.sort is
// about twice as slow there.

export class SortedBuckets {
  /** The sorted values, [0, length). */
  readonly sorted: Float64Array;
  /** prefix[k] = sorted[0] + … + sorted[k − 1]. */
  readonly prefix: Float64Array;
  length = 0;
  private readonly starts: Int32Array;
  private readonly bucketOf: Int32Array;
  private lo = 0;
  private scale = 0;

  constructor(capacity: number) {
    this.sorted = new Float64Array(capacity);
    this.prefix = new Float64Array(capacity + 1);
    this.starts = new Int32Array(capacity + 2);
    this.bucketOf = new Int32Array(capacity);
  }

  private bucket(x: number): number {
    const b = Math.floor((x - this.lo) * this.scale); // NaN for ±∞ · 0 (all values equal): bucket 0
    return !(b > 0) ? 0 : b >= this.length ? this.length - 1 : b;
  }

  /** Sorts values[0, length) into `sorted` and fills `prefix`. */
  sort(values: Float64Array, length: number): void {
    this.length = length;
    if (length === 0) return;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < length; i++) {
      if (values[i] < lo) lo = values[i];
      if (values[i] > hi) hi = values[i];
    }
    this.lo = lo;
    this.scale = hi > lo ? length / (hi - lo) : 0;
    const { starts, bucketOf, sorted } = this;
    starts.fill(0, 0, length + 2);
    for (let i = 0; i < length; i++) {
      const b = this.bucket(values[i]);
      bucketOf[i] = b;
      starts[b + 2]++;
    }
    for (let b = 0; b < length; b++) starts[b + 2] += starts[b + 1];
    for (let i = 0; i < length; i++) sorted[starts[bucketOf[i] + 1]++] = values[i]; // starts[b] = start of bucket b
    for (let b = 0; b < length; b++) {
      const from = starts[b];
      const to = starts[b + 1];
      if (to - from > 32) sorted.subarray(from, to).sort();
      else {
        for (let i = from + 1; i < to; i++) {
          const x = sorted[i];
          let j = i - 1;
          while (j >= from && sorted[j] > x) sorted[j + 1] = sorted[j--];
          sorted[j + 1] = x;
        }
      }
    }
    for (let i = 0; i < length; i++) this.prefix[i + 1] = this.prefix[i] + sorted[i];
  }

  /** #{values < x} (strict) when `orEqual` is false, #{values <= x} when true. */
  countBelow(x: number, orEqual = false): number {
    const { sorted, length } = this;
    if (length === 0) return 0;
    const b = this.bucket(x);
    let lo = this.starts[b];
    let hi = this.starts[b + 1];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] < x || (orEqual && sorted[mid] === x)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
