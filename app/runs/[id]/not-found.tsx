import Link from 'next/link';

export default function RunNotFound() {
  return (
    <div className="card">
      <h1>No such run</h1>
      <p className="muted">This run does not exist in the database (it may have been deleted with its experiment).</p>
      <Link href="/runs">All runs</Link>
    </div>
  );
}
