// The three micro-kernels (see microkernels.h). The AVX2 and AVX-512 ones are compiled for their
// instruction sets with function attributes, so the addon itself builds for any x86-64 (and the
// portable kernel alone elsewhere); gemm.cc only calls the one cpuid allows.
#include "microkernels.h"

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>
#define DML_X86 1
#endif

void microKernelGeneric(int kc, const float* a, const float* b, float* c, std::ptrdiff_t ldc, bool accumulate) {
  float acc[kMR][16] = {};
  for (int p = 0; p < kc; p++, a += kMR, b += 16) {
    for (int i = 0; i < kMR; i++) {
      const float ai = a[i];
      for (int j = 0; j < 16; j++) acc[i][j] += ai * b[j];
    }
  }
  for (int i = 0; i < kMR; i++) {
    float* row = c + i * ldc;
    for (int j = 0; j < 16; j++) row[j] = accumulate ? row[j] + acc[i][j] : acc[i][j];
  }
}

#ifdef DML_X86
__attribute__((target("avx2,fma"))) void microKernelAvx2(int kc, const float* a, const float* b, float* c, std::ptrdiff_t ldc, bool accumulate) {
  __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps(), c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
  __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps(), c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();
  __m256 c40 = _mm256_setzero_ps(), c41 = _mm256_setzero_ps(), c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps();
  for (int p = 0; p < kc; p++, a += kMR, b += 16) {
    const __m256 b0 = _mm256_load_ps(b), b1 = _mm256_load_ps(b + 8);
    __m256 x = _mm256_broadcast_ss(a + 0);
    c00 = _mm256_fmadd_ps(x, b0, c00); c01 = _mm256_fmadd_ps(x, b1, c01);
    x = _mm256_broadcast_ss(a + 1);
    c10 = _mm256_fmadd_ps(x, b0, c10); c11 = _mm256_fmadd_ps(x, b1, c11);
    x = _mm256_broadcast_ss(a + 2);
    c20 = _mm256_fmadd_ps(x, b0, c20); c21 = _mm256_fmadd_ps(x, b1, c21);
    x = _mm256_broadcast_ss(a + 3);
    c30 = _mm256_fmadd_ps(x, b0, c30); c31 = _mm256_fmadd_ps(x, b1, c31);
    x = _mm256_broadcast_ss(a + 4);
    c40 = _mm256_fmadd_ps(x, b0, c40); c41 = _mm256_fmadd_ps(x, b1, c41);
    x = _mm256_broadcast_ss(a + 5);
    c50 = _mm256_fmadd_ps(x, b0, c50); c51 = _mm256_fmadd_ps(x, b1, c51);
  }
  __m256 acc[kMR][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}, {c40, c41}, {c50, c51}};
  for (int i = 0; i < kMR; i++) {
    float* row = c + i * ldc;
    for (int h = 0; h < 2; h++) {
      __m256 v = acc[i][h];
      if (accumulate) v = _mm256_add_ps(v, _mm256_loadu_ps(row + 8 * h));
      _mm256_storeu_ps(row + 8 * h, v);
    }
  }
}

__attribute__((target("avx512f"))) void microKernelAvx512(int kc, const float* a, const float* b, float* c, std::ptrdiff_t ldc, bool accumulate) {
  __m512 acc[kMR][2];
  for (int i = 0; i < kMR; i++) acc[i][0] = acc[i][1] = _mm512_setzero_ps();
  for (int p = 0; p < kc; p++, a += kMR, b += 32) {
    const __m512 b0 = _mm512_load_ps(b), b1 = _mm512_load_ps(b + 16);
#pragma GCC unroll 6
    for (int i = 0; i < kMR; i++) {
      const __m512 x = _mm512_set1_ps(a[i]);
      acc[i][0] = _mm512_fmadd_ps(x, b0, acc[i][0]);
      acc[i][1] = _mm512_fmadd_ps(x, b1, acc[i][1]);
    }
  }
  for (int i = 0; i < kMR; i++) {
    float* row = c + i * ldc;
    for (int h = 0; h < 2; h++) {
      __m512 v = acc[i][h];
      if (accumulate) v = _mm512_add_ps(v, _mm512_loadu_ps(row + 16 * h));
      _mm512_storeu_ps(row + 16 * h, v);
    }
  }
}
#else
void microKernelAvx2(int kc, const float* a, const float* b, float* c, std::ptrdiff_t ldc, bool accumulate) {
  microKernelGeneric(kc, a, b, c, ldc, accumulate);
}
void microKernelAvx512(int kc, const float* a, const float* b, float* c, std::ptrdiff_t ldc, bool accumulate) {
  microKernelGeneric(kc, a, b, c, ldc, accumulate);
}
#endif
