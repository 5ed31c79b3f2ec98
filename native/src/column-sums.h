// Column sums of a row-major matrix (column-sums.cc): tf.sum over the leading axes.
#pragma once
#include "thread-pool.h"

/** out[j] = Σ_i x[i·cols + j]. */
void columnSums(ThreadPool* pool, const float* x, float* out, long rows, long cols);
