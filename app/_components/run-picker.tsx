// A searchable run picker: a text field with the finished runs as suggestions (type an id, a data
// set or a loss). The same control serves run A and run B on the Sentences and Embeddings pages.
import type { RunChoice } from '../../lib/store/views/run-choices';

export function RunPicker({
  name,
  label,
  value,
  choices,
  optional,
}: {
  name: string;
  label: string;
  value?: number;
  choices: RunChoice[];
  optional?: boolean;
}) {
  const listId = `${name}-runs`;
  return (
    <label>
      {label}
      <input
        type="search"
        name={name}
        list={listId}
        inputMode="numeric"
        pattern="\d*"
        defaultValue={value ?? ''}
        placeholder={optional ? 'none: type to search' : 'type to search'}
        aria-label={`${label}: run id`}
        style={{ width: 120 }}
        data-run-picker={name}
      />
      <datalist id={listId}>
        {choices.map((c) => (
          <option key={c.id} value={c.id}>
            {c.label}
          </option>
        ))}
      </datalist>
    </label>
  );
}
