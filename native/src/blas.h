// A CBLAS library loaded at run time (blas.cc).
#pragma once
#include <cstddef>
#include <string>

/** The library loaded ("" when none). */
std::string blasName();
/** Why none was loaded. */
std::string blasError();
/** C = op(A) op(B) (+ bias) through cblas_sgemm, batch by batch; false when no BLAS is present. */
bool blasGemm(int threads, int batch, int M, int N, int K, bool transA, bool transB, const float* a, std::ptrdiff_t strideA, const float* b,
              std::ptrdiff_t strideB, float* c, const float* bias);
