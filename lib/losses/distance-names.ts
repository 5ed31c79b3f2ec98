// The distance names a pair loss accepts (tfjs-free, so config validation in the web app can use it).
export const DISTANCE_NAMES = ['euclidean', 'squared-euclidean', 'cosine', 'dot', 'raw-euclidean'] as const;
export type DistanceName = (typeof DISTANCE_NAMES)[number];
