// Which triplets (a, p, n) a batch offers: y_p = y_a, p ≠ a, y_n ≠ y_a (PML's "all" triplets).
// Listing them is only needed by the triplet variants that do not separate after sorting (swap,
// smooth loss, sampled triplets); those list all triplets up to a cap, and sample above it.
import type { Rng } from '../util/random';
import type { TripletIndices } from './triplet-ops';

interface ClassIndex {
  members: Map<number, Int32Array>;
  others: Map<number, Int32Array>;
}

function indexByClass(labels: Int32Array): ClassIndex {
  const lists = new Map<number, number[]>();
  labels.forEach((y, i) => {
    if (!lists.has(y)) lists.set(y, []);
    lists.get(y)!.push(i);
  });
  const members = new Map<number, Int32Array>();
  const others = new Map<number, Int32Array>();
  for (const [y, list] of lists) {
    members.set(y, Int32Array.from(list));
    const rest: number[] = [];
    labels.forEach((z, i) => {
      if (z !== y) rest.push(i);
    });
    others.set(y, Int32Array.from(rest));
  }
  return { members, others };
}

/** Number of valid triplets with anchor i: (|class| − 1) · (N − |class|). */
function tripletsOfAnchor(index: ClassIndex, y: number): number {
  return (index.members.get(y)!.length - 1) * index.others.get(y)!.length;
}

/** Σ over anchors of the number of valid triplets. */
export function countTriplets(labels: Int32Array): number {
  const index = indexByClass(labels);
  let total = 0;
  for (const y of labels) total += tripletsOfAnchor(index, y);
  return total;
}

/** Every valid triplet, anchor-major. */
export function listAllTriplets(labels: Int32Array): TripletIndices {
  const index = indexByClass(labels);
  const total = countTriplets(labels);
  const out = { a: new Int32Array(total), p: new Int32Array(total), n: new Int32Array(total) };
  let t = 0;
  labels.forEach((y, a) => {
    for (const p of index.members.get(y)!) {
      if (p === a) continue;
      for (const n of index.others.get(y)!) {
        out.a[t] = a;
        out.p[t] = p;
        out.n[t] = n;
        t++;
      }
    }
  });
  return out;
}

/** A random positive of anchor a (uniform over its class minus a itself). */
function randomPositive(members: Int32Array, a: number, rng: Rng): number {
  const k = rng.int(members.length - 1);
  return members[k] >= a ? members[k + 1] : members[k]; // skip a (members are sorted)
}

/** `perAnchor` triplets for every anchor that has one, positives and negatives drawn with replacement (PML's triplets_per_anchor). */
export function sampleTripletsPerAnchor(labels: Int32Array, perAnchor: number, rng: Rng): TripletIndices {
  const index = indexByClass(labels);
  const a: number[] = [];
  const p: number[] = [];
  const n: number[] = [];
  labels.forEach((y, anchor) => {
    if (tripletsOfAnchor(index, y) === 0) return;
    const members = index.members.get(y)!;
    const others = index.others.get(y)!;
    for (let k = 0; k < perAnchor; k++) {
      a.push(anchor);
      p.push(randomPositive(members, anchor, rng));
      n.push(others[rng.int(others.length)]);
    }
  });
  return { a: Int32Array.from(a), p: Int32Array.from(p), n: Int32Array.from(n) };
}

/** `count` triplets drawn uniformly (with replacement) from all valid triplets of the batch. */
export function sampleTripletsUniform(labels: Int32Array, count: number, rng: Rng): TripletIndices {
  const index = indexByClass(labels);
  const cumulative = new Float64Array(labels.length);
  let total = 0;
  labels.forEach((y, i) => {
    total += tripletsOfAnchor(index, y);
    cumulative[i] = total;
  });
  const out = { a: new Int32Array(count), p: new Int32Array(count), n: new Int32Array(count) };
  if (total === 0) return { a: new Int32Array(0), p: new Int32Array(0), n: new Int32Array(0) };
  for (let t = 0; t < count; t++) {
    const r = rng.next() * total;
    let lo = 0;
    let hi = labels.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] <= r) lo = mid + 1;
      else hi = mid;
    }
    const y = labels[lo];
    const others = index.others.get(y)!;
    out.a[t] = lo;
    out.p[t] = randomPositive(index.members.get(y)!, lo, rng);
    out.n[t] = others[rng.int(others.length)];
  }
  return out;
}
