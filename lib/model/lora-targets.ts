// The dense layers LoRA can adapt, by PEFT's module names (no tfjs here: the train config and
// the web form read this list). `dense` = attention output, `output` = feed-forward output.
export const LORA_TARGETS = ['query', 'key', 'value', 'dense', 'intermediate', 'output'] as const;
export type LoraTarget = (typeof LORA_TARGETS)[number];
export const DEFAULT_LORA_TARGETS: LoraTarget[] = ['query', 'value'];

/** Rank, alpha and targets of a model's adapters (scale = alpha / rank). */
export interface LoraSettings {
  rank: number;
  alpha: number;
  targets: LoraTarget[];
}
