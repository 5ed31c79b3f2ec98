// Row-wise helpers of the elementwise kernels (layer-norm.cc, softmax.cc): sums and maxima over a
// row with 16 independent accumulators (so the compiler vectorizes them without reassociating
// floating-point math), an exp that vectorizes, and the split of rows into tasks for the pool.
// DML_SIMD_CLONES compiles a row kernel for AVX-512, AVX2 and plain x86-64 and lets the loader pick
// one at start-up (GCC target_clones); elsewhere the kernels are compiled once for the target.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>

#include "thread-pool.h"

#if defined(__x86_64__) && defined(__linux__) && defined(__GNUC__) && !defined(__clang__)
#define DML_SIMD_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define DML_SIMD_CLONES
#endif
#define DML_INLINE inline __attribute__((always_inline))

constexpr int kLanes = 16;

/** Σ v[j] (times w[j] when w is given). */
DML_INLINE float rowSum(const float* v, const float* w, int n) {
  float acc[kLanes] = {};
  int j = 0;
  if (w)
    for (; j + kLanes <= n; j += kLanes)
      for (int k = 0; k < kLanes; k++) acc[k] += v[j + k] * w[j + k];
  else
    for (; j + kLanes <= n; j += kLanes)
      for (int k = 0; k < kLanes; k++) acc[k] += v[j + k];
  float s = 0.f;
  for (int k = 0; k < kLanes; k++) s += acc[k];
  for (; j < n; j++) s += w ? v[j] * w[j] : v[j];
  return s;
}

/** max v[j] (n >= 1). */
DML_INLINE float rowMax(const float* v, int n) {
  float acc[kLanes];
  for (int k = 0; k < kLanes; k++) acc[k] = v[0];
  int j = 0;
  for (; j + kLanes <= n; j += kLanes)
    for (int k = 0; k < kLanes; k++) acc[k] = std::max(acc[k], v[j + k]);
  float m = acc[0];
  for (int k = 1; k < kLanes; k++) m = std::max(m, acc[k]);
  for (; j < n; j++) m = std::max(m, v[j]);
  return m;
}

/**
 * e^x for float (Cephes expf: x = n ln2 + r, |r| <= ln2/2, degree-6 polynomial for e^r, 2^n put
 * into the exponent bits), about 1 ulp; exactly 0 below -87.3 (where float e^x is denormal or 0).
 */
DML_INLINE float expFast(float x) {
  const float clamped = std::min(88.f, std::max(-87.3f, x));
  const float fn = (clamped * 1.44269504088896341f + 12582912.f) - 12582912.f;  // round to nearest (1.5·2²³ trick)
  const int n = static_cast<int>(fn);
  const float r = (clamped - fn * 0.693359375f) + fn * 2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  const float er = p * r * r + r + 1.f;
  const int32_t bits = (n + 127) << 23;
  float scale;
  std::memcpy(&scale, &bits, sizeof scale);
  const float keep = x < -87.3f ? 0.f : 1.f;
  return er * scale * keep;
}

/** Rows per task: about 16K floats each, at least one row. Depends on the shape only, never on the thread count. */
inline long rowsPerTask(long cols) { return std::max(1L, 16384L / std::max(1L, cols)); }

/** body(task, firstRow, endRow) over [0, rows) in tasks of rowsPerTask(cols) rows, across the pool. */
inline void forEachRowTask(ThreadPool* pool, long rows, long cols, const std::function<void(long, long, long)>& body) {
  const long per = rowsPerTask(cols);
  const long tasks = (rows + per - 1) / per;
  pool->parallelFor(static_cast<int>(tasks), [&](int t) { body(t, t * per, std::min(rows, (t + 1) * per)); });
}
