// Masked softmax of attention scores over the last axis, forward and backward (softmax.cc).
#pragma once
#include "thread-pool.h"

/**
 * p = softmax(scale·s + m) per row of `cols` scores; row r adds mask row ⌊r / rowsPerMask⌋ (an
 * additive mask, one row of `cols` per batch item; null for none).
 */
void maskedSoftmaxForward(ThreadPool* pool, const float* scores, const float* mask, float* probs, long rows, long cols, long rowsPerMask, float scale);

/** ds = scale · p · (dp − Σ dp·p) per row. */
void maskedSoftmaxBackward(ThreadPool* pool, const float* probs, const float* dprobs, float* dscores, long rows, long cols, float scale);
