'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

const LINKS = [
  { href: '/', label: 'Overview' },
  { href: '/runs', label: 'Runs' },
  { href: '/compare', label: 'Compare' },
  { href: '/sentences', label: 'Sentences' },
  { href: '/embeddings', label: 'Embeddings' },
  { href: '/runs/new', label: 'New run / sweep' },
];

export function NavLinks() {
  const pathname = usePathname();
  // the longest link that prefixes the path is the current section (/runs/new is not /runs)
  const current = LINKS.filter((l) => (l.href === '/' ? pathname === '/' : pathname === l.href || pathname.startsWith(l.href + '/'))).sort(
    (a, b) => b.href.length - a.href.length,
  )[0]?.href;
  const active = (href: string) => href === current;
  return (
    <nav aria-label="Main">
      {LINKS.map((l) => (
        <Link key={l.href} href={l.href} aria-current={active(l.href) ? 'page' : undefined}>
          {l.label}
        </Link>
      ))}
    </nav>
  );
}
