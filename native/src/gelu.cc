// Exact GELU (Hendrycks & Gimpel 2016, arXiv 1606.08415 §2): y = x Φ(x) = ½x(1 + erf(x/√2)), and
// its derivative dy/dx = Φ(x) + x φ(x), φ(x) = exp(-x²/2)/√(2π), in one pass each over the data
// instead of tfjs' chain of 4 kernels forward and ~8 backward. erf is a rational approximation
// (odd degree-13 numerator over even degree-8 denominator on [-4, 4], the form XLA/Eigen use;
// error about 1 ulp in float) that compilers vectorize, as is exp (row-ops.h); both loops are
// compiled for AVX-512, AVX2 and plain x86-64 (DML_SIMD_CLONES).
#include "gelu.h"

#include <algorithm>

#include "row-ops.h"

namespace {

constexpr long kChunk = 1 << 14;

DML_INLINE float erfRational(float x) {
  x = std::min(4.f, std::max(-4.f, x));
  const float x2 = x * x;
  float p = -2.72614225801306e-10f;
  p = p * x2 + 2.77068142495902e-08f;
  p = p * x2 + -2.10102402082508e-06f;
  p = p * x2 + -5.69250639462346e-05f;
  p = p * x2 + -7.34990630326855e-04f;
  p = p * x2 + -2.95459980854025e-03f;
  p = p * x2 + -1.60960333262415e-02f;
  float q = -1.45660718464996e-05f;
  q = q * x2 + -2.13374055278905e-04f;
  q = q * x2 + -1.68282697438203e-03f;
  q = q * x2 + -7.37332916720468e-03f;
  q = q * x2 + -1.42647390514189e-02f;
  return x * p / q;
}

DML_SIMD_CLONES void forwardChunk(const float* x, float* y, long n) {
  for (long i = 0; i < n; i++) y[i] = 0.5f * x[i] * (1.f + erfRational(x[i] * 0.70710678118654752f));
}

DML_SIMD_CLONES void backwardChunk(const float* x, const float* dy, float* dx, long n) {
  for (long i = 0; i < n; i++) {
    const float v = x[i];
    const float cdf = 0.5f * (1.f + erfRational(v * 0.70710678118654752f));
    const float pdf = 0.39894228040143268f * expFast(-0.5f * v * v);
    dx[i] = dy[i] * (cdf + v * pdf);
  }
}

void forEachChunk(ThreadPool* pool, long n, const std::function<void(long, long)>& body) {
  const int tasks = static_cast<int>((n + kChunk - 1) / kChunk);
  pool->parallelFor(tasks, [&](int t) { body(t * kChunk, std::min(n, (t + 1) * kChunk)); });
}

}  // namespace

void geluForward(ThreadPool* pool, const float* x, float* y, long n) {
  forEachChunk(pool, n, [&](long i0, long i1) { forwardChunk(x + i0, y + i0, i1 - i0); });
}

void geluBackward(ThreadPool* pool, const float* x, const float* dy, float* dx, long n) {
  forEachChunk(pool, n, [&](long i0, long i1) { backwardChunk(x + i0, dy + i0, dx + i0, i1 - i0); });
}
