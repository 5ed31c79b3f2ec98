// LayerNorm over the last axis, forward (optionally of x + residual) and backward (layer-norm.cc).
#pragma once
#include "thread-pool.h"

/** y = (s − μ)·r·γ + β per row of s = x (+ residual); also writes x̂ = (s − μ)·r and r = 1/√(σ² + ε) per row. */
void layerNormForward(ThreadPool* pool, const float* x, const float* residual, const float* gamma, const float* beta, float* y, float* xhat,
                      float* rstd, long rows, long d, float eps);

/** dx = r·(g − mean(g) − x̂·mean(g·x̂)), g = dy·γ; dγ = Σ_rows dy·x̂; dβ = Σ_rows dy. */
void layerNormBackward(ThreadPool* pool, const float* dy, const float* xhat, const float* rstd, const float* gamma, float* dx, float* dgamma,
                       float* dbeta, long rows, long d);
