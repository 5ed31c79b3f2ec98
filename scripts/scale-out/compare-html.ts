// What the Compare page's HTML shows of a sweep, read back for checks: the "N finished runs" count,
// the results table's text, and every run link of "Runs behind each cell" with its loss column,
// fold and value (percent, one decimal).
export interface ShownRun {
  runId: number;
  row: string;
  column: string;
  fold: number;
  value: string;
}

export interface ComparePageContent {
  runsUsed: number | undefined;
  /** Visible text of the results table (cells separated by " | "). */
  resultsTable: string | undefined;
  runs: ShownRun[];
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** Visible text of an HTML fragment: tags become " | " between cells, React's text separators go. */
function textOf(html: string): string {
  return decode(
    html
      .replace(/<\/t[dh]>/g, ' | ')
      .replace(/<[^>]+>/g, '')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

export function readComparePage(rawHtml: string): ComparePageContent {
  const html = rawHtml.replace(/<!-- -->/g, '').replace(/<script[\s\S]*?<\/script>/g, '');
  const used = /(\d+) finished runs/.exec(html);
  const table = /data-testid="results-table"[\s\S]*?<\/table>/.exec(html);
  const runs: ShownRun[] = [];
  for (const tr of html.matchAll(/<tr><td>([^<]*)<\/td><td>([^<]*)<\/td><td class="small">([\s\S]*?)<\/td><\/tr>/g)) {
    for (const a of tr[3].matchAll(/<a [^>]*href="\/runs\/(\d+)"[^>]*>(\d+): ([^<]*)<\/a>/g)) {
      runs.push({ runId: Number(a[1]), row: decode(tr[1]), column: decode(tr[2]), fold: Number(a[2]), value: a[3].trim() });
    }
  }
  return { runsUsed: used ? Number(used[1]) : undefined, resultsTable: table ? textOf(table[0]) : undefined, runs };
}
