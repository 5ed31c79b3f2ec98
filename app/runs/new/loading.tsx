import { TableSkeleton } from '../../_components/skeletons';

export default function Loading() {
  return (
    <div aria-busy="true">
      <h1>New run / sweep</h1>
      <TableSkeleton rows={6} />
    </div>
  );
}
