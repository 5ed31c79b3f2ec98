// `dml-lens model embed`: run the encoder on one text (or pair) and print tokens, ids, the last
// hidden state and the first-token vector, for scripting and for checking the encoder against
// another implementation (e.g. HF transformers on the same folder).
import type { CommandSpec, ParsedArgs } from '../../../lib/cli/command';

async function embed(args: ParsedArgs): Promise<void> {
  const { UserError } = await import('../../../lib/errors');
  const { initBackend } = await import('../../../lib/backend/backend');
  const { loadClassifier } = await import('../../../lib/model/classifier');
  const { disposeBatch, toEncodedBatch } = await import('../../../lib/model/batch');
  const tf = await import('@tensorflow/tfjs');
  const text = args.flags.text as string;
  const pair = args.flags.pair as string | undefined;
  const maxLength = args.flags['max-length'] as number;
  if (!text.trim()) throw new UserError('--text is empty; give the sentence to embed');
  if (!Number.isInteger(maxLength) || maxLength < 2) throw new UserError(`--max-length must be an integer >= 2, got ${maxLength}`);
  const backend = await initBackend({ quiet: Boolean(args.flags.json) });
  const model = await loadClassifier(args.flags.model as string, { quiet: true });
  const { inferenceEngine, announceInference } = await import('../../../lib/onnx/inference-choice');
  const encoded = model.tokenizer.encode(text, pair, maxLength);
  const tokens = model.tokenizer.encodeBatch([text], [pair], maxLength);
  const engine = await inferenceEngine(model);
  if (!args.flags.json) await announceInference(model);
  let rows: number[][];
  if (engine === 'onnxruntime') {
    const { classifierSession } = await import('../../../lib/onnx/classifier-session');
    const session = await classifierSession(model);
    const out = await session.run(tokens);
    await session.release();
    const D = model.config.hidden_size;
    rows = Array.from({ length: tokens.seqLen }, (_, i) => Array.from(out.lastHiddenState.subarray(i * D, (i + 1) * D)));
  } else {
    const batch = toEncodedBatch(tokens);
    const hidden = tf.tidy(() => model.forward(batch).lastHiddenState);
    rows = (await hidden.array())[0];
    tf.dispose(hidden);
    disposeBatch(batch);
  }
  model.dispose();
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  const result = {
    model: args.flags.model,
    backend,
    engine,
    tokens: encoded.tokens,
    ids: encoded.ids,
    hiddenSize: rows[0].length,
    lastHiddenState: rows.map((r) => r.map(round)),
    cls: rows[0].map(round),
  };
  if (args.flags.json) {
    console.log(JSON.stringify(result));
    return;
  }
  console.log(`tokens (${result.tokens.length}): ${result.tokens.join(' ')}`);
  console.log(`ids: ${result.ids.join(' ')}`);
  console.log(`last hidden state: ${rows.length} x ${result.hiddenSize}`);
  rows.forEach((r, i) =>
    console.log(
      `  ${String(result.tokens[i]).padEnd(14)} ${r
        .slice(0, 6)
        .map((v) => v.toFixed(4).padStart(8))
        .join(' ')} ...`,
    ),
  );
  console.log(
    `first-token vector (first 8 of ${result.hiddenSize}): ${result.cls
      .slice(0, 8)
      .map((v) => v.toFixed(4))
      .join(' ')}`,
  );
}

export const commands: CommandSpec[] = [
  {
    name: 'model embed',
    summary: 'Encode one text (or pair) and print tokens, ids, hidden states and the first-token vector',
    flags: [
      {
        name: 'model',
        type: 'string',
        required: true,
        description: 'Model folder in Hugging Face format (config.json, model.safetensors, tokenizer.json)',
      },
      { name: 'text', type: 'string', required: true, description: 'The text to encode' },
      { name: 'pair', type: 'string', description: 'Optional second segment (sentence pair)' },
      { name: 'max-length', type: 'number', description: 'Truncate to this many tokens, special tokens included', default: 128 },
      { name: 'json', type: 'boolean', description: 'Print one JSON object: {tokens, ids, hiddenSize, lastHiddenState, cls}' },
    ],
    examples: [
      'dml-lens model embed --model models/tiny-bert --text "a gripping, funny film" --json',
      'dml-lens model embed --model models/tiny-roberta --text "Is it good?" --pair "It is."',
    ],
    run: async (args) => {
      await embed(args);
    },
  },
];
