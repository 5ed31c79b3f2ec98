// `dml-lens model register <folder>`: adds a local Hugging Face folder to the registry under a name
// (origin local). With DML_LENS_ARTIFACTS set its files go to the artifact store (sha256 per file
// recorded), so workers on other machines find the model by that name (docs/scale-out.md).
import path from 'node:path';
import type { CommandSpec, ParsedArgs } from '../../../lib/cli/command';
import { UserError } from '../../../lib/errors';

export const commands: CommandSpec[] = [
  {
    name: 'model register',
    summary: 'Register a local Hugging Face model folder by name (and publish its files to the artifact store when one is set)',
    positionals: [{ name: 'folder', description: 'Folder with config.json, model.safetensors and tokenizer.json', required: true }],
    flags: [
      { name: 'name', type: 'string', description: 'Name to register it under (default: the folder name)' },
      { name: 'json', type: 'boolean', description: 'Print the registered model as JSON' },
    ],
    examples: [
      'dml-lens model register models/roberta-large-mr --name roberta-large-mr',
      'DML_LENS_ARTIFACTS=s3://lab-artifacts/dml-lens dml-lens model register models/dml-lens-small',
    ],
    async run(args: ParsedArgs) {
      const fs = await import('node:fs');
      const dir = path.resolve(args.positionals[0]);
      const configFile = path.join(dir, 'config.json');
      if (!fs.existsSync(configFile)) throw new UserError(`${dir} has no config.json: pass a model folder in Hugging Face layout`);
      const { parseEncoderConfig } = await import('../../../lib/model/config');
      const config = parseEncoderConfig(JSON.parse(fs.readFileSync(configFile, 'utf8')), configFile);
      const { registerModel } = await import('../../../lib/store/models');
      const { modelFileRows } = await import('../../../lib/store/model-files');
      const { getDb } = await import('../../../lib/db/client');
      const name = (args.flags.name as string | undefined) ?? path.basename(dir);
      const record = await registerModel({ name, dir, origin: 'local', config });
      const files = await modelFileRows(getDb(), record.id);
      if (args.flags.json) return void console.log(JSON.stringify({ ...record, files }, null, 2));
      const bytes = files.reduce((s, f) => s + f.bytes, 0);
      console.log(
        `model register: "${record.name}" (id ${record.id}) -> ${record.path}: ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB, sha256 recorded; ` +
          (record.filesKey
            ? `published to the artifact store as ${record.filesKey}`
            : 'not published (set DML_LENS_ARTIFACTS to a shared folder or bucket so workers elsewhere can fetch it)'),
      );
    },
  },
];
