import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="card">
      <h1>Not found</h1>
      <p className="muted">There is no such run, sweep or page in this database.</p>
      <Link href="/">Back to the overview</Link>
    </div>
  );
}
