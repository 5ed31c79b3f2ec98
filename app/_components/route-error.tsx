'use client';
import { useEffect } from 'react';

/** The error state of a data page: what failed, and a retry. */
export default function RouteError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div className="card" role="alert">
      <h2>This page could not be loaded</h2>
      <p className="muted">{error.message || 'An unexpected error occurred while reading the database.'}</p>
      {error.digest ? <p className="small muted">Reference: {error.digest} (see the server log)</p> : null}
      <button onClick={() => reset()}>Try again</button>
    </div>
  );
}
