import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { NavLinks } from './_components/nav-links';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'dml-lens', template: '%s · dml-lens' },
  description: 'Few-shot fine-tuning with metric-learning losses: runs, comparisons, attributions and embedding maps.',
};

// Every page reads the live database: nothing is prerendered at build time.
export const dynamic = 'force-dynamic';

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <div className="shell">
          <aside className="sidebar">
            <div className="sidebar-inner">
              <div className="brand">dml-lens</div>
              <div className="tagline">metric learning · few-shot · explanations</div>
              <NavLinks />
            </div>
          </aside>
          <main>{children}</main>
        </div>
      </body>
    </html>
  );
}
