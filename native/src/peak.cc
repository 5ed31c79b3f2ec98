// FMA peak probe for the bench: every thread runs independent chains of vector FMAs (enough to
// hide the FMA latency: 12 chains on AVX2, 12 on AVX-512) for about `seconds`, and the total
// floating-point rate is returned. This is the ceiling a GEMM is measured against.
#include "peak.h"

#include <atomic>
#include <chrono>
#include <cstring>
#include <vector>

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>

namespace {

__attribute__((target("avx2,fma"))) double chainsAvx2(long iterations) {
  __m256 acc[12];
  const __m256 x = _mm256_set1_ps(0.999999f), y = _mm256_set1_ps(1e-7f);
  for (int i = 0; i < 12; i++) acc[i] = _mm256_set1_ps(static_cast<float>(i));
  for (long n = 0; n < iterations; n++) {
#pragma GCC unroll 12
    for (int i = 0; i < 12; i++) acc[i] = _mm256_fmadd_ps(acc[i], x, y);
  }
  __m256 s = acc[0];
  for (int i = 1; i < 12; i++) s = _mm256_add_ps(s, acc[i]);
  float out[8];
  _mm256_storeu_ps(out, s);
  return out[0] + static_cast<double>(iterations) * 12 * 8 * 2 * 0;  // keeps the chains live
}

__attribute__((target("avx512f"))) double chainsAvx512(long iterations) {
  __m512 acc[12];
  const __m512 x = _mm512_set1_ps(0.999999f), y = _mm512_set1_ps(1e-7f);
  for (int i = 0; i < 12; i++) acc[i] = _mm512_set1_ps(static_cast<float>(i));
  for (long n = 0; n < iterations; n++) {
#pragma GCC unroll 12
    for (int i = 0; i < 12; i++) acc[i] = _mm512_fmadd_ps(acc[i], x, y);
  }
  __m512 s = acc[0];
  for (int i = 1; i < 12; i++) s = _mm512_add_ps(s, acc[i]);
  return _mm512_reduce_add_ps(s);
}

}  // namespace
#endif

double fmaPeakGflops(ThreadPool* pool, const char* simd, double seconds) {
#if defined(__x86_64__) || defined(_M_X64)
  const bool wide = std::strcmp(simd, "avx512") == 0;
  const bool avx2 = wide || std::strcmp(simd, "avx2") == 0;
  if (!avx2) return 0;
  const int lanes = wide ? 16 : 8;
  const long iterations = 1 << 20;
  const int threads = pool->threads();
  std::vector<double> sink(threads);
  std::atomic<long> rounds{0};
  const auto t0 = std::chrono::steady_clock::now();
  const auto until = t0 + std::chrono::duration<double>(seconds);
  pool->parallelFor(threads, [&](int t) {
    while (std::chrono::steady_clock::now() < until) {
      sink[t] += wide ? chainsAvx512(iterations) : chainsAvx2(iterations);
      rounds.fetch_add(1);
    }
  });
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  volatile double keep = 0;
  for (double s : sink) keep = keep + s;
  return static_cast<double>(rounds.load()) * iterations * 12 * lanes * 2 / elapsed / 1e9;
#else
  (void)pool, (void)simd, (void)seconds;
  return 0;
#endif
}
