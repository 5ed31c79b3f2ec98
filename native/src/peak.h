// FMA peak probe (peak.cc).
#pragma once
#include "thread-pool.h"

/** GFLOP/s of independent FMA chains on every pool thread for `seconds`; 0 without AVX2. */
double fmaPeakGflops(ThreadPool* pool, const char* simd, double seconds);
