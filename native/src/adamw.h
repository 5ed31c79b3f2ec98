// AdamW's update of one variable in one pass over its memory, in place (adamw.cc), and the sum of
// squares behind the global gradient norm. Both split the array into fixed chunks for the pool.
#pragma once
#include "thread-pool.h"

struct AdamWCoefficients {
  double beta1, beta2, eps, lr, weightDecay, bc1, bc2, gradScale;
  /** false: PyTorch's AdamW; true: the transformers library's (decay applied after the step). */
  bool transformersStyle;
};

/** p, m, v rewritten in place from the gradient g (times c.gradScale); arithmetic in double. */
void adamwUpdate(ThreadPool* pool, float* p, float* m, float* v, const float* g, long n, const AdamWCoefficients& c);

/** Σ x² in double, added in a fixed order (the result depends on n only, not on the thread count). */
double sumOfSquares(ThreadPool* pool, const float* x, long n);
