// LayerNorm (Ba et al. 2016, arXiv 1607.06450) as torch.nn.LayerNorm, one pass over each row per
// direction instead of tfjs' chain of ~8 kernels forward and ~12 backward. The residual add of the
// post-LN transformer block (x + sublayer(x)) is folded into the forward. The column sums of the
// backward (dγ, dβ) go through per-task partial sums, added in task order: the result depends on
// the shape only, not on the thread count.
#include "layer-norm.h"

#include <cmath>
#include <vector>

#include "row-ops.h"

namespace {

DML_SIMD_CLONES void forwardRow(const float* x, const float* residual, const float* gamma, const float* beta, float* y, float* xhat, float* rstd,
                                int d, float eps) {
  const float* s = x;
  if (residual) {
    for (int j = 0; j < d; j++) xhat[j] = x[j] + residual[j];
    s = xhat;
  }
  const float mean = rowSum(s, nullptr, d) / static_cast<float>(d);
  float acc[kLanes] = {};
  int j = 0;
  for (; j + kLanes <= d; j += kLanes)
    for (int k = 0; k < kLanes; k++) acc[k] += (s[j + k] - mean) * (s[j + k] - mean);
  float var = 0.f;
  for (int k = 0; k < kLanes; k++) var += acc[k];
  for (; j < d; j++) var += (s[j] - mean) * (s[j] - mean);
  const float r = 1.f / std::sqrt(var / static_cast<float>(d) + eps);
  *rstd = r;
  for (j = 0; j < d; j++) {
    const float h = (s[j] - mean) * r;
    xhat[j] = h;
    y[j] = h * gamma[j] + beta[j];
  }
}

/** One row of dx, and its dy·x̂ and dy added into the task's partial column sums. */
DML_SIMD_CLONES void backwardRow(const float* dy, const float* xhat, float rstd, const float* gamma, float* dx, float* sumDyX, float* sumDy, int d) {
  float accG[kLanes] = {}, accGx[kLanes] = {};
  int j = 0;
  for (; j + kLanes <= d; j += kLanes)
    for (int k = 0; k < kLanes; k++) {
      const float g = dy[j + k] * gamma[j + k];
      accG[k] += g;
      accGx[k] += g * xhat[j + k];
    }
  float sg = 0.f, sgx = 0.f;
  for (int k = 0; k < kLanes; k++) {
    sg += accG[k];
    sgx += accGx[k];
  }
  for (; j < d; j++) {
    const float g = dy[j] * gamma[j];
    sg += g;
    sgx += g * xhat[j];
  }
  const float meanG = sg / static_cast<float>(d), meanGx = sgx / static_cast<float>(d);
  for (j = 0; j < d; j++) {
    dx[j] = rstd * (dy[j] * gamma[j] - meanG - xhat[j] * meanGx);
    sumDyX[j] += dy[j] * xhat[j];
    sumDy[j] += dy[j];
  }
}

}  // namespace

void layerNormForward(ThreadPool* pool, const float* x, const float* residual, const float* gamma, const float* beta, float* y, float* xhat,
                      float* rstd, long rows, long d, float eps) {
  forEachRowTask(pool, rows, d, [&](long, long r0, long r1) {
    for (long r = r0; r < r1; r++)
      forwardRow(x + r * d, residual ? residual + r * d : nullptr, gamma, beta, y + r * d, xhat + r * d, rstd + r, static_cast<int>(d), eps);
  });
}

void layerNormBackward(ThreadPool* pool, const float* dy, const float* xhat, const float* rstd, const float* gamma, float* dx, float* dgamma,
                       float* dbeta, long rows, long d) {
  const long per = rowsPerTask(d);
  const long tasks = (rows + per - 1) / per;
  std::vector<float> partial(static_cast<size_t>(tasks * 2 * d), 0.f);  // per task: Σ dy·x̂, then Σ dy
  forEachRowTask(pool, rows, d, [&](long t, long r0, long r1) {
    float* sums = partial.data() + t * 2 * d;
    for (long r = r0; r < r1; r++) backwardRow(dy + r * d, xhat + r * d, rstd[r], gamma, dx + r * d, sums, sums + d, static_cast<int>(d));
  });
  for (long j = 0; j < d; j++) dgamma[j] = dbeta[j] = 0.f;
  for (long t = 0; t < tasks; t++) {
    const float* sums = partial.data() + t * 2 * d;
    for (long j = 0; j < d; j++) {
      dgamma[j] += sums[j];
      dbeta[j] += sums[d + j];
    }
  }
}
