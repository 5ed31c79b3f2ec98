// `dml-lens model export --run <id> | --model <dir> --format onnx|hf --out <dir>`: a thin parser
// over lib/export (model-export.ts, run-model-export.ts); heavy modules load lazily.
import type { CommandSpec, ParsedArgs } from '../../../lib/cli/command';

async function exportModel(args: ParsedArgs): Promise<void> {
  const { UserError } = await import('../../../lib/errors');
  const f = args.flags;
  const run = f.run as number | undefined;
  const model = f.model as string | undefined;
  if ((run === undefined) === (model === undefined))
    throw new UserError('give exactly one of --run <id> (a finished run trained with --save-model) or --model <folder>');
  const opts = { format: f.format as string, out: f.out as string, withAttentions: f['with-attentions'] === true };
  let result;
  if (run !== undefined) {
    const { getDb } = await import('../../../lib/db/client');
    const { exportRunModel } = await import('../../../lib/export/run-model-export');
    result = await exportRunModel(getDb(), run, opts);
  } else {
    const { exportModelFolder } = await import('../../../lib/export/model-export');
    result = await exportModelFolder(model!, opts);
  }
  if (f.json) {
    console.log(JSON.stringify(result));
    return;
  }
  const mb = (n: number) => (n / 1e6).toFixed(2);
  console.log(
    `model export: ${result.modelType} classifier (${result.labels.length} labels: ${result.labels.join(', ')}) -> ${result.out} (${result.format})`,
  );
  for (const file of result.files) console.log(`  ${file.path.padEnd(26)} ${mb(file.bytes).padStart(9)} MB`);
  if (result.format === 'onnx')
    console.log(
      `  load it with transformers.js: env.localModelPath = '${result.out}/..'; pipeline('text-classification', '${result.out.split('/').pop()}')`,
    );
}

export const commands: CommandSpec[] = [
  {
    name: 'model export',
    summary: 'Export a fine-tuned model as ONNX (transformers.js / onnxruntime layout) or a Hugging Face safetensors folder',
    flags: [
      { name: 'run', type: 'number', description: 'A finished run trained with --save-model' },
      {
        name: 'model',
        type: 'string',
        description: 'Or a fine-tuned model folder (config.json, model.safetensors with a classification head, tokenizer files)',
      },
      {
        name: 'format',
        type: 'string',
        description: 'onnx (config.json, tokenizer, onnx/model.onnx + onnx/model_fp16.onnx) or hf (model.safetensors for transformers)',
        default: 'onnx',
      },
      { name: 'out', type: 'string', required: true, description: 'Folder to write; must not exist or be empty' },
      {
        name: 'with-attentions',
        type: 'boolean',
        description: "ONNX: also output every layer's attention probabilities (attentions.0, attentions.1, ...)",
      },
      { name: 'json', type: 'boolean', description: 'Print the result as JSON' },
    ],
    examples: [
      'dml-lens model export --run 12 --format onnx --out exports/run-12',
      'dml-lens model export --model runs/12/model --format hf --out exports/run-12-hf',
    ],
    run: async (args) => {
      await exportModel(args);
    },
  },
];
