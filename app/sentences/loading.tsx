import { TableSkeleton } from '../_components/skeletons';

export default function Loading() {
  return (
    <div aria-busy="true">
      <h1>Sentences</h1>
      <p className="subtitle">Loading…</p>
      <TableSkeleton rows={10} />
    </div>
  );
}
