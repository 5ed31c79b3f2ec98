// A binary max-heap of merge candidates for the WordPiece trainer. Entries may go stale when
// pair counts change; the trainer re-pushes a pair whenever its score changes and drops popped
// entries whose score no longer matches (lazy deletion).

export interface MergeCandidate {
  score: number;
  left: number; // symbol ids
  right: number;
}

/** Orders candidates: higher score first, ties by left symbol then right symbol (lexicographic). */
export type CandidateOrder = (a: MergeCandidate, b: MergeCandidate) => boolean;

export class MergeQueue {
  private items: MergeCandidate[] = [];

  constructor(private readonly before: CandidateOrder) {}

  get size(): number {
    return this.items.length;
  }

  push(item: MergeCandidate): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(a[i], a[parent])) break;
      [a[i], a[parent]] = [a[parent], a[i]];
      i = parent;
    }
  }

  pop(): MergeCandidate | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  /** Replaces the contents (used to compact a queue full of stale entries). */
  reset(items: MergeCandidate[]): void {
    this.items = items;
    for (let i = (items.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private siftDown(start: number): void {
    const a = this.items;
    const n = a.length;
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < n && this.before(a[l], a[best])) best = l;
      if (r < n && this.before(a[r], a[best])) best = r;
      if (best === i) return;
      [a[i], a[best]] = [a[best], a[i]];
      i = best;
    }
  }
}
