// Attention's scaled, masked softmax in one pass per row: scores·scale + additive mask, max,
// exp, sum, normalise (tfjs: a Mul, an Add with broadcasting and its Softmax, each over the whole
// [B, H, L, L] tensor), and its backward ds = scale·p·(dp − Σ dp·p) in one pass (tfjs: ~5 kernels).
#include "softmax.h"

#include "row-ops.h"

namespace {

DML_SIMD_CLONES void forwardRow(const float* s, const float* m, float* p, int n, float scale) {
  if (m)
    for (int j = 0; j < n; j++) p[j] = s[j] * scale + m[j];
  else
    for (int j = 0; j < n; j++) p[j] = s[j] * scale;
  const float top = rowMax(p, n);
  for (int j = 0; j < n; j++) p[j] = expFast(p[j] - top);
  const float inv = 1.f / rowSum(p, nullptr, n);
  for (int j = 0; j < n; j++) p[j] *= inv;
}

DML_SIMD_CLONES void backwardRow(const float* p, const float* dp, float* ds, int n, float scale) {
  const float dot = rowSum(p, dp, n);
  for (int j = 0; j < n; j++) ds[j] = scale * p[j] * (dp[j] - dot);
}

}  // namespace

void maskedSoftmaxForward(ThreadPool* pool, const float* scores, const float* mask, float* probs, long rows, long cols, long rowsPerMask, float scale) {
  forEachRowTask(pool, rows, cols, [&](long, long r0, long r1) {
    for (long r = r0; r < r1; r++)
      forwardRow(scores + r * cols, mask ? mask + (r / rowsPerMask) * cols : nullptr, probs + r * cols, static_cast<int>(cols), scale);
  });
}

void maskedSoftmaxBackward(ThreadPool* pool, const float* probs, const float* dprobs, float* dscores, long rows, long cols, float scale) {
  forEachRowTask(pool, rows, cols, [&](long, long r0, long r1) {
    for (long r = r0; r < r1; r++) backwardRow(probs + r * cols, dprobs + r * cols, dscores + r * cols, static_cast<int>(cols), scale);
  });
}
