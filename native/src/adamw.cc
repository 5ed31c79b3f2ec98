// AdamW in one pass (lib/backend/heap-adamw.ts has the same loop in TypeScript, the fallback):
//   g ← s·g;  m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²
//   PyTorch:      p ← p·(1 − lr·wd) − (lr/bc1) · m / (√v/√bc2 + ε)
//   transformers: p ← (p − lr·√bc2/bc1 · m / (√v + ε)) · (1 − lr·wd)
// with bc1 = 1 − β1^t, bc2 = 1 − β2^t (Loshchilov & Hutter, "Decoupled Weight Decay
// Regularization"; docs/training.md). Memory-bound: each element is read and written once.
#include "adamw.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "row-ops.h"

namespace {

constexpr long kChunk = 1L << 16;

DML_SIMD_CLONES void updateRange(float* p, float* m, float* v, const float* g, long n, AdamWCoefficients c) {
  const double b1 = c.beta1, b2 = c.beta2, a1 = 1 - c.beta1, a2 = 1 - c.beta2, s = c.gradScale, eps = c.eps;
  const double decay = 1 - c.lr * c.weightDecay;
  if (!c.transformersStyle) {
    const double step = c.lr / c.bc1, root = 1 / std::sqrt(c.bc2);
    for (long i = 0; i < n; i++) {
      const double gi = g[i] * s;
      const double mi = b1 * m[i] + a1 * gi;
      const double vi = b2 * v[i] + a2 * gi * gi;
      m[i] = static_cast<float>(mi);
      v[i] = static_cast<float>(vi);
      p[i] = static_cast<float>(p[i] * decay - (step * mi) / (std::sqrt(vi) * root + eps));
    }
  } else {
    const double step = c.lr * std::sqrt(c.bc2) / c.bc1;
    for (long i = 0; i < n; i++) {
      const double gi = g[i] * s;
      const double mi = b1 * m[i] + a1 * gi;
      const double vi = b2 * v[i] + a2 * gi * gi;
      m[i] = static_cast<float>(mi);
      v[i] = static_cast<float>(vi);
      p[i] = static_cast<float>((p[i] - (step * mi) / (std::sqrt(vi) + eps)) * decay);
    }
  }
}

DML_SIMD_CLONES double squares(const float* x, long n) {
  double acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  long i = 0;
  for (; i + 8 <= n; i += 8)
    for (int k = 0; k < 8; k++) acc[k] += static_cast<double>(x[i + k]) * x[i + k];
  for (; i < n; i++) acc[0] += static_cast<double>(x[i]) * x[i];
  return ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
}

}  // namespace

void adamwUpdate(ThreadPool* pool, float* p, float* m, float* v, const float* g, long n, const AdamWCoefficients& c) {
  const long chunks = (n + kChunk - 1) / kChunk;
  if (chunks <= 1) return updateRange(p, m, v, g, n, c);
  pool->parallelFor(static_cast<int>(chunks), [&](int k) {
    const long i0 = k * kChunk, len = std::min(kChunk, n - i0);
    updateRange(p + i0, m + i0, v + i0, g + i0, len, c);
  });
}

double sumOfSquares(ThreadPool* pool, const float* x, long n) {
  const long chunks = std::max(1L, (n + kChunk - 1) / kChunk);
  std::vector<double> partial(static_cast<size_t>(chunks), 0.0);
  pool->parallelFor(static_cast<int>(chunks), [&](int k) {
    const long i0 = k * kChunk;
    partial[k] = squares(x + i0, std::min(kChunk, n - i0));
  });
  double total = 0;
  for (double s : partial) total += s;
  return total;
}
