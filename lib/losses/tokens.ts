// Which last-layer embeddings feed the DML loss (docs/paper.md §1.8), declared once for the config
// schema, the web form, the CLI help and the combined loss. tfjs-free.
//   cls         the first-token embedding of each sentence, labelled with its label;
//   all         every token, padding included, each labelled with its sentence's label (the authors');
//   all-nonpad  every token whose attention mask is 1.
export const TOKEN_SELECTIONS = ['cls', 'all', 'all-nonpad'] as const;
export type TokenSelection = (typeof TOKEN_SELECTIONS)[number];

/** The authors' choice, the config's default. */
export const DEFAULT_TOKEN_SELECTION: TokenSelection = 'all';
