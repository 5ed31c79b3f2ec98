// The Runs page filters: a plain GET form, so filtering, sorting and paging happen on the server
// and every state is a shareable URL.
import type { FilterOptions } from '../../lib/store/views/runs-list';
import type { RunsQuery } from '../../lib/store/views/runs-query';

function Select({
  name,
  label,
  value,
  options,
}: {
  name: string;
  label: string;
  value: string | number | undefined;
  options: (string | number)[];
}) {
  return (
    <label>
      {label}
      <select name={name} defaultValue={value === undefined ? '' : String(value)}>
        <option value="">any</option>
        {options.map((o) => (
          <option key={String(o)} value={String(o)}>
            {String(o)}
          </option>
        ))}
      </select>
    </label>
  );
}

export function RunsFilterForm({ q, options }: { q: RunsQuery; options: FilterOptions }) {
  return (
    <form className="filters" method="get" action="/runs" aria-label="Filter runs">
      <label>
        Show
        <select name="view" defaultValue={q.view}>
          <option value="runs">runs</option>
          <option value="experiments">experiments (mean ± std)</option>
        </select>
      </label>
      <Select name="dataset" label="Dataset" value={q.dataset} options={options.datasets} />
      <Select name="model" label="Model" value={q.model} options={options.models} />
      <Select name="loss" label="Loss" value={q.loss} options={options.losses} />
      <Select name="beta" label="β (CE weight)" value={q.beta} options={options.betas} />
      <Select name="sampleSize" label="Sample size" value={q.sampleSize} options={options.sampleSizes} />
      <Select name="status" label="Status" value={q.status} options={options.statuses} />
      {q.experiment !== undefined ? <input type="hidden" name="experiment" value={q.experiment} /> : null}
      {q.sweep !== undefined ? <input type="hidden" name="sweep" value={q.sweep} /> : null}
      <input type="hidden" name="sort" value={q.sort} />
      <input type="hidden" name="dir" value={q.dir} />
      <label>
        Per page
        <select name="size" defaultValue={String(q.size)}>
          {[25, 50, 100].map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">Apply</button>
      <a className="button secondary" href="/runs">
        Reset
      </a>
    </form>
  );
}
