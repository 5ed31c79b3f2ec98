// Single-precision GEMM: C = op(A) op(B) (+ bias per column), for row-major matrices given as
// (data, row stride, column stride), so transposed operands cost nothing. Batched form with
// per-operand batch strides (0 = broadcast).
#pragma once
#include <cstddef>
#include "thread-pool.h"

struct Operand {
  const float* data;
  std::ptrdiff_t rowStride;  // distance between (i, k) and (i + 1, k)
  std::ptrdiff_t colStride;  // distance between (i, k) and (i, k + 1)
};

/** The micro-kernel in use: "avx512", "avx2" or "generic". */
const char* gemmSimd();
/** Chooses the micro-kernel ("avx512" | "avx2" | "generic" | "auto"); returns the one in use (never above cpuid). */
const char* setGemmSimd(const char* wanted);
/** The best level this CPU supports. */
const char* cpuBestSimd();

void gemm(ThreadPool* pool, int M, int N, int K, Operand a, Operand b, float* c, std::ptrdiff_t ldc, const float* bias);

void batchedGemm(ThreadPool* pool, int batch, int M, int N, int K, Operand a, std::ptrdiff_t strideA, Operand b, std::ptrdiff_t strideB, float* c,
                 std::ptrdiff_t strideC, const float* bias);

/** Where item n of a batch of (outer x heads) items starts: (n / heads) * outer + (n % heads) * inner. */
struct BatchStrides {
  std::ptrdiff_t outer;
  std::ptrdiff_t inner;
};

/**
 * Products over a two-level batch (batch items x heads), e.g. attention heads read from [B, L, H·d]
 * in place; C's rows are ldc apart (columns contiguous).
 */
void headBatchedGemm(ThreadPool* pool, int batch, int heads, int M, int N, int K, Operand a, BatchStrides sa, Operand b, BatchStrides sb, float* c,
                     BatchStrides sc, std::ptrdiff_t ldc, const float* bias);
