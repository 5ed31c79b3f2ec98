// `dml-lens pretrain`: masked-language-model pretraining (or continued, domain-adaptive pretraining).
import type { CommandSpec } from '../../../lib/cli/command';
import { UserError } from '../../../lib/errors';

export const commands: CommandSpec[] = [
  {
    name: 'pretrain',
    summary: 'Masked-language-model pretraining of an encoder on unlabeled text',
    flags: [
      {
        name: 'model',
        type: 'string',
        required: true,
        description: 'Folder to start from: a `model init` output or any BERT/RoBERTa checkpoint (continued pretraining)',
      },
      {
        name: 'out',
        type: 'string',
        required: true,
        description: 'Output folder (HF format encoder + mlm_head.safetensors + trainer_state.json)',
      },
      { name: 'corpus', type: 'list', description: 'Text files, one text per line' },
      { name: 'datasets', type: 'list', description: 'Imported data sets whose texts are used (labels ignored)' },
      { name: 'splits', type: 'list', default: ['train', 'dev'], description: 'Data set splits used; "test" is refused' },
      { name: 'steps', type: 'number', default: 2000, description: 'Optimizer steps' },
      { name: 'batch-size', type: 'number', default: 32, description: 'Sentences per step' },
      { name: 'max-length', type: 'number', default: 64, description: 'Tokens per sentence (truncated)' },
      { name: 'lr', type: 'number', default: 5e-4, description: 'Peak learning rate (linear warm-up, then linear decay)' },
      { name: 'warmup', type: 'number', default: 100, description: 'Warm-up steps' },
      { name: 'weight-decay', type: 'number', default: 0.01, description: 'AdamW decoupled weight decay (not on biases/LayerNorm)' },
      { name: 'mask-prob', type: 'number', default: 0.15, description: 'Share of tokens predicted (80% [MASK], 10% random, 10% kept)' },
      { name: 'whole-word', type: 'boolean', default: false, description: 'Mask all pieces of a chosen word together' },
      { name: 'seed', type: 'number', default: 42, description: 'Seed of the head init, batches and masks' },
      { name: 'checkpoint-every', type: 'number', default: 250, description: 'Save every N steps' },
      { name: 'eval-every', type: 'number', default: 250, description: 'Held-out MLM loss/accuracy every N steps' },
      {
        name: 'pack',
        type: 'boolean',
        default: true,
        description: 'Pack consecutive sentences into full --max-length rows (no padding; --no-pack: one sentence per row)',
      },
      { name: 'resume', type: 'boolean', default: false, description: 'Continue from the checkpoint in --out' },
      { name: 'time-limit', type: 'number', description: 'Stop after this many minutes (with a checkpoint); --resume continues' },
      { name: 'json', type: 'boolean', default: false, description: 'Print the final state as JSON' },
    ],
    examples: [
      'dml-lens model init --arch bert --size small --vocab-corpus MR,CR,SUBJ,MPQA,SST2 --vocab-size 8000 --seed 1 --out var/small-init',
      'dml-lens pretrain --model var/small-init --out models/dml-lens-small --datasets MR,CR,SUBJ,MPQA,SST2,TREC --steps 3000',
    ],
    async run({ flags }) {
      const num = (k: string) => flags[k] as number;
      for (const k of ['steps', 'batch-size', 'max-length', 'checkpoint-every', 'eval-every']) {
        if (!Number.isInteger(num(k)) || num(k) <= 0) throw new UserError(`--${k} must be a positive integer, got ${String(flags[k])}`);
      }
      if (!(num('mask-prob') > 0 && num('mask-prob') < 1))
        throw new UserError(`--mask-prob must be in (0, 1), got ${String(flags['mask-prob'])}`);
      const { getDb } = await import('../../../lib/db/client');
      const { loadCorpus } = await import('../../../lib/pretrain/corpus');
      const { pretrain } = await import('../../../lib/pretrain/pretrainer');
      const corpus = await loadCorpus(getDb(), {
        files: flags.corpus as string[] | undefined,
        datasets: flags.datasets as string[] | undefined,
        splits: flags.splits as string[],
      });
      process.stderr.write(`pretrain: ${corpus.texts.length} unique texts (${corpus.description.join('; ')})\n`);
      const state = await pretrain({
        model: flags.model as string,
        out: flags.out as string,
        texts: corpus.texts,
        corpusDescription: corpus.description,
        steps: num('steps'),
        batchSize: num('batch-size'),
        maxLength: num('max-length'),
        lr: num('lr'),
        warmupSteps: num('warmup'),
        weightDecay: num('weight-decay'),
        maskProbability: num('mask-prob'),
        wholeWord: flags['whole-word'] as boolean,
        seed: num('seed'),
        checkpointEvery: num('checkpoint-every'),
        evalEvery: num('eval-every'),
        resume: flags.resume as boolean,
        pack: flags.pack as boolean,
        timeLimitMinutes: flags['time-limit'] as number | undefined,
        onProgress(p) {
          const held = p.heldOut ? `  held-out loss ${p.heldOut.loss.toFixed(3)} acc ${(p.heldOut.accuracy * 100).toFixed(1)}%` : '';
          process.stderr.write(
            `step ${p.step}/${p.totalSteps}  loss ${p.loss.toFixed(3)}  acc ${(p.accuracy * 100).toFixed(1)}%  ${Math.round(p.tokensPerSecond)} tok/s  eta ${Math.round(p.etaMs / 60000)} min${held}\n`,
          );
        },
      });
      if (flags.json) console.log(JSON.stringify(state, null, 2));
      else
        console.log(
          `pretrained ${state.step} steps, ${state.tokensSeen} tokens in ${(state.elapsedMs / 60000).toFixed(1)} min; held-out MLM loss ${state.final?.loss.toFixed(3)}, accuracy ${((state.final?.accuracy ?? 0) * 100).toFixed(1)}% → ${String(flags.out)}`,
        );
    },
  },
];
