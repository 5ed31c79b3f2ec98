import Link from 'next/link';
import { runsQueryString, type RunsQuery, type RunSortKey } from '../../lib/store/views/runs-query';

/** A column header that sorts by its key; a second click flips the direction. */
export function SortHeader({ q, k, label, num }: { q: RunsQuery; k: RunSortKey; label: string; num?: boolean }) {
  const active = q.sort === k;
  const dir = active && q.dir === 'asc' ? 'desc' : 'asc';
  return (
    <th className={num ? 'num' : undefined} aria-sort={active ? (q.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
      <Link href={`/runs${runsQueryString(q, { sort: k, dir, page: 1 })}`}>
        {label}
        {active ? (q.dir === 'asc' ? ' ▲' : ' ▼') : ''}
      </Link>
    </th>
  );
}
