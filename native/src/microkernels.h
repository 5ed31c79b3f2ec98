// Register-tiled micro-kernels of the GEMM: C[MR x NR] (+)= Σ_p A[:, p] B[p, :] over packed panels
// (A: MR floats per step, B: NR floats per step). One per instruction set, picked at run time from
// cpuid (cpu-features.cc): AVX-512F 6x32, AVX2+FMA 6x16, portable C++ 6x16.
#pragma once
#include <cstddef>

constexpr int kMR = 6;

/** c has row stride ldc; when accumulate is false, C is overwritten. */
using MicroKernel = void (*)(int kc, const float* a, const float* b, float* c, std::ptrdiff_t ldc, bool accumulate);

void microKernelGeneric(int kc, const float* a, const float* b, float* c, std::ptrdiff_t ldc, bool accumulate);
void microKernelAvx2(int kc, const float* a, const float* b, float* c, std::ptrdiff_t ldc, bool accumulate);
void microKernelAvx512(int kc, const float* a, const float* b, float* c, std::ptrdiff_t ldc, bool accumulate);
