// Exact GELU forward and backward over float arrays (gelu.cc).
#pragma once
#include "thread-pool.h"

void geluForward(ThreadPool* pool, const float* x, float* y, long n);
void geluBackward(ThreadPool* pool, const float* x, const float* dy, float* dx, long n);
