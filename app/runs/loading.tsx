import { TableSkeleton } from '../_components/skeletons';

export default function Loading() {
  return (
    <div aria-busy="true">
      <h1>Runs</h1>
      <p className="subtitle">Loading…</p>
      <TableSkeleton rows={14} />
    </div>
  );
}
