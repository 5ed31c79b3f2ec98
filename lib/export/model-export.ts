// `model export`: a fine-tuned BERT/RoBERTa folder -> a folder other tools load.
//   onnx: config.json (id2label/label2id), tokenizer files, onnx/model.onnx (float32) and
//         onnx/model_fp16.onnx (float16 weights): the layout transformers.js reads for a local model
//   hf:   config.json, tokenizer files and model.safetensors with exactly the tensors (names,
//         PyTorch layout) of transformers' ...ForSequenceClassification
// Plus dml_proxies.json (the run's DML proxies/centres) when given. Everything is written to a
// staging folder beside --out and renamed at the end: bad input or a crash leaves nothing behind.
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors';
import { classifierArchitecture } from '../model/config';
import { encodeSafetensors } from '../model/safetensors';
import { TOKENIZER_FILES } from '../model/tokenizer-loading';
import { encoderParamSpecs, headParamSpecs } from '../model/weight-names';
import { readFolderWeights } from '../onnx/checkpoint-weights';
import { buildEncoderGraph } from '../onnx/encoder-graph';

export const EXPORT_FORMATS = ['onnx', 'hf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The proxies/centres of a proxy-based DML loss, one row per proxy. */
export interface ProxyExport {
  loss: string;
  rows: number[][];
  rowClasses: number[];
  rowCenters: number[];
}

export interface ModelExportOptions {
  format: string;
  out: string;
  withAttentions?: boolean;
  /** Label names by class index (default: the folder's config.json id2label). */
  labelNames?: string[];
  proxies?: ProxyExport | null;
  /** Recorded in dml_lens_export.json (e.g. { run: 7 }). */
  source?: Record<string, unknown>;
}

export interface ModelExportResult {
  out: string;
  format: ExportFormat;
  files: { path: string; bytes: number }[];
  modelType: string;
  labels: string[];
}

export function checkFormat(format: string): ExportFormat {
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new UserError(`--format must be onnx or hf, got "${format}"`);
  return format as ExportFormat;
}

/** An --out that exists and holds anything is refused (one line, nothing written). */
export function checkOutFolder(out: string): void {
  if (!fs.existsSync(out)) return;
  if (!fs.statSync(out).isDirectory()) throw new UserError(`--out ${out} is a file; give a new or empty folder`);
  if (fs.readdirSync(out).length > 0)
    throw new UserError(`--out ${out} exists and is not empty; give a new or empty folder (nothing was written)`);
}

export async function exportModelFolder(modelDir: string, opts: ModelExportOptions): Promise<ModelExportResult> {
  const format = checkFormat(opts.format);
  const out = path.resolve(opts.out);
  checkOutFolder(out);
  if (!fs.existsSync(modelDir)) throw new UserError(`model folder ${modelDir} does not exist`);
  const weights = readFolderWeights(modelDir);
  const { config, numLabels } = weights;
  const given = opts.labelNames;
  if (given && given.length !== numLabels)
    throw new UserError(`the model's head has ${numLabels} labels but ${given.length} label names were given`);
  const labels = given ?? Array.from({ length: numLabels }, (_, i) => config.id2label?.[String(i)] ?? `LABEL_${i}`);

  const parent = path.dirname(out);
  const createdParent = fs.mkdirSync(parent, { recursive: true }); // the first folder it made, if any
  const staging = fs.mkdtempSync(path.join(parent, `.${path.basename(out)}.staging-`));
  try {
    const outConfig = {
      ...config,
      architectures: [classifierArchitecture(config.model_type)],
      num_labels: numLabels,
      id2label: Object.fromEntries(labels.map((l, i) => [String(i), l])),
      label2id: Object.fromEntries(labels.map((l, i) => [l, i])),
      problem_type: 'single_label_classification',
    };
    await fs.promises.writeFile(path.join(staging, 'config.json'), JSON.stringify(outConfig, null, 2) + '\n');
    for (const f of TOKENIZER_FILES) {
      const src = path.join(modelDir, f);
      if (fs.existsSync(src)) fs.copyFileSync(src, path.join(staging, f));
    }
    if (format === 'onnx') {
      fs.mkdirSync(path.join(staging, 'onnx'));
      const graphOpts = { numLabels, withAttentions: opts.withAttentions };
      fs.writeFileSync(path.join(staging, 'onnx', 'model.onnx'), buildEncoderGraph(config, weights.weight, graphOpts));
      fs.writeFileSync(
        path.join(staging, 'onnx', 'model_fp16.onnx'),
        buildEncoderGraph(config, weights.weight, { ...graphOpts, precision: 'float16' }),
      );
    } else {
      const specs = [...encoderParamSpecs(config), ...headParamSpecs(config, numLabels)];
      const tensors = specs.map((s) => ({ name: s.name, shape: s.shape, values: weights.weight(s.name).data }));
      fs.writeFileSync(path.join(staging, 'model.safetensors'), encodeSafetensors(tensors, 'F32'));
    }
    if (opts.proxies) fs.writeFileSync(path.join(staging, 'dml_proxies.json'), JSON.stringify({ ...opts.proxies, labels }) + '\n');
    fs.writeFileSync(
      path.join(staging, 'dml_lens_export.json'),
      JSON.stringify(
        { format, source: opts.source ?? { model: path.resolve(modelDir) }, withAttentions: Boolean(opts.withAttentions) },
        null,
        2,
      ) + '\n',
    );
    const files = listFiles(staging);
    if (fs.existsSync(out)) fs.rmdirSync(out); // empty (checked above)
    fs.renameSync(staging, out);
    return { out, format, files, modelType: config.model_type, labels };
  } catch (err) {
    fs.rmSync(createdParent ?? staging, { recursive: true, force: true });
    throw err;
  }
}

function listFiles(dir: string, prefix = ''): { path: string; bytes: number }[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => {
      const rel = path.join(prefix, e.name);
      return e.isDirectory() ? listFiles(path.join(dir, e.name), rel) : [{ path: rel, bytes: fs.statSync(path.join(dir, e.name)).size }];
    });
}
