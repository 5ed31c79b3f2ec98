'use client';
// The New run / sweep form: the server validates (every problem shown next to its field), queues
// the runs, and the queued runs' progress streams in below with a cancel button each.
import Link from 'next/link';
import { useActionState, useEffect, useRef } from 'react';
import { TRAIN_FORM_FIELDS, type FormField, type FormValues } from '../../../lib/store/views/train-form-fields';
import { LiveProgress } from '../../_components/live-progress';
import { createRunAction, estimateRunAction } from './actions';

export interface FormChoices {
  datasets: string[];
  models: string[];
  losses: string[];
  defaults: Record<string, unknown>;
  initial: FormValues;
  /** Workers alive now; the "needs a worker" hint shows only when none is. */
  liveWorkers?: number;
}

const SECTIONS = ['Data and model', 'Loss', 'Protocol', 'Optimisation', 'Outputs'] as const;
const MAX_LIVE = 12;

function first(v: string | string[] | undefined): string {
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

function Field({ f, choices, values, errors }: { f: FormField; choices: FormChoices; values: FormValues; errors?: string[] }) {
  const id = `f-${f.name}`;
  const invalid = errors?.length ? true : undefined;
  const def = choices.defaults[f.name === 'sampleSizes' ? 'samples' : f.name] as
    string | number | boolean | null | (string | number)[] | undefined;
  const placeholder = def !== undefined ? `default: ${Array.isArray(def) ? def.join(', ') : String(def)}` : f.help;
  let control;
  if (f.kind === 'multi') {
    const picked = new Set([values[f.name] ?? []].flat());
    control = (
      <div
        style={{ display: 'flex', flexWrap: 'wrap', gap: '2px 10px' }}
        role="group"
        aria-labelledby={`${id}-label`}
        aria-invalid={invalid}
      >
        {choices.losses.map((l) => (
          <label key={l} style={{ flexDirection: 'row', alignItems: 'center', gap: 4, color: 'inherit' }}>
            <input type="checkbox" name={f.name} value={l} defaultChecked={picked.has(l)} /> {l}
          </label>
        ))}
      </div>
    );
  } else if (f.kind === 'checkbox') {
    const v =
      values[f.name] !== undefined ? first(values[f.name]) === 'on' : values[`${f.name}__present`] !== undefined ? false : Boolean(def);
    control = (
      <>
        <input type="hidden" name={`${f.name}__present`} value="1" />
        <input id={id} type="checkbox" name={f.name} defaultChecked={v} aria-invalid={invalid} />
      </>
    );
  } else if (f.kind === 'select' || f.name === 'dataset') {
    const options = f.name === 'dataset' ? ['', ...choices.datasets] : (f.options ?? []);
    control = (
      <select id={id} name={f.name} defaultValue={first(values[f.name])} aria-invalid={invalid}>
        {options.map((o) => (
          <option key={o} value={o}>
            {o === '' ? (def !== undefined ? `default (${String(def)})` : '—') : o}
          </option>
        ))}
      </select>
    );
  } else {
    control = (
      <input
        id={id}
        name={f.name}
        type={f.kind === 'number' ? 'number' : 'text'}
        step={f.step}
        defaultValue={first(values[f.name])}
        placeholder={placeholder}
        list={f.name === 'model' ? 'model-names' : undefined}
        aria-invalid={invalid}
        aria-describedby={invalid ? `${id}-error` : undefined}
      />
    );
  }
  return (
    <div className="field" data-field={f.name}>
      <label htmlFor={id} id={`${id}-label`}>
        {f.label}
      </label>
      {control}
      {f.help && f.kind !== 'text' && f.kind !== 'int-list' ? <span className="small muted">{f.help}</span> : null}
      {errors?.length ? (
        <div id={`${id}-error`} className="error" role="alert">
          {errors.map((e) => (
            <div key={e}>{e}</div>
          ))}
        </div>
      ) : null}
    </div>
  );
}

export function NewRunForm({ choices }: { choices: FormChoices }) {
  const [state, action, pending] = useActionState(createRunAction, null);
  const [estimate, estimateAction, estimating] = useActionState(estimateRunAction, null);
  const values = state?.values ?? choices.initial;
  const queued = useRef<HTMLElement>(null);
  useEffect(() => {
    if (state?.ok) queued.current?.scrollIntoView({ block: 'start' });
  }, [state]);
  return (
    <>
      {state?.ok ? (
        <section style={{ marginBottom: 16 }} data-testid="queued-runs" ref={queued}>
          <h2>Queued</h2>
          <p className="small muted">
            {state.sweepId ? (
              <>
                Sweep {state.sweepId}: <Link href={`/compare?sweep=${state.sweepId}`}>compare</Link> ·{' '}
              </>
            ) : null}
            <Link href={`/runs?${state.sweepId ? `sweep=${state.sweepId}` : `experiment=${state.experimentIds[0]}`}`}>all its runs</Link>.
            {!choices.liveWorkers ? (
              <>
                Progress needs a running worker: none is running (<code>npm start</code> starts a pool, or run{' '}
                <code>npx dml-lens worker</code>).
              </>
            ) : null}
          </p>
          <div className="grid">
            {state.runIds.slice(0, MAX_LIVE).map((id) => (
              <LiveProgress key={id} runId={id} refreshOnEnd={false} />
            ))}
          </div>
        </section>
      ) : null}
      <form action={action} key={state?.attempt ?? 0} aria-label="New run or sweep" noValidate>
        <datalist id="model-names">
          {choices.models.map((m) => (
            <option key={m} value={m} />
          ))}
        </datalist>
        {SECTIONS.map((s) => (
          <fieldset key={s} className="card" style={{ marginBottom: 12 }}>
            <legend>
              <strong>{s}</strong>
            </legend>
            <div className="form-grid">
              {TRAIN_FORM_FIELDS.filter((f) => f.section === s).map((f) => (
                <Field key={f.name} f={f} choices={choices} values={values} errors={state?.problems[f.name]} />
              ))}
            </div>
          </fieldset>
        ))}
        {state?.problems[''] ? (
          <div className="form-error" role="alert">
            {state.problems[''].map((p) => (
              <div key={p}>{p}</div>
            ))}
          </div>
        ) : null}
        <button type="submit" disabled={pending}>
          {pending ? 'Validating…' : 'Queue run(s)'}
        </button>
        <button type="submit" formAction={estimateAction} disabled={estimating} style={{ marginLeft: 10 }}>
          {estimating ? 'Estimating…' : 'Estimate time and memory'}
        </button>
        {state?.message ? (
          <span className={state.ok ? 'small' : 'small warn'} role="status" style={{ marginLeft: 10 }}>
            {state.message}
          </span>
        ) : null}
        {estimate ? (
          <pre className="small mono" data-testid="estimate" style={{ whiteSpace: 'pre-wrap' }}>
            {estimate.join('\n')}
          </pre>
        ) : null}
      </form>
    </>
  );
}
