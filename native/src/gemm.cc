// Cache-blocked GEMM in the manner of BLIS/GotoBLAS (Van Zee & van de Geijn, "BLIS: A Framework for
// Rapidly Instantiating BLAS Functionality", ACM TOMS 2015): for each NC-wide column block and
// KC-deep slice of K, B is packed once into NR-wide strips (shared by all threads), then every
// thread packs an MC x KC block of A into MR-tall strips (its L2) and sweeps the micro-kernel
// over the strips. Transposes are absorbed by the packing, which reads through strides.
#include "gemm.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "microkernels.h"

namespace {

constexpr int kKC = 256;
constexpr int kMC = 96;    // 16 strips of kMR
constexpr int kNC = 3072;  // multiple of every NR

struct Isa {
  MicroKernel kernel;
  int nr;
  const char* name;
};

const Isa kGeneric{microKernelGeneric, 16, "generic"};
const Isa kAvx2{microKernelAvx2, 16, "avx2"};
const Isa kAvx512{microKernelAvx512, 32, "avx512"};

const Isa& bestIsa() {
#if defined(__x86_64__) || defined(_M_X64)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return kAvx512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return kAvx2;
#endif
  return kGeneric;
}

const Isa* active = nullptr;

const Isa& isa() {
  if (!active) active = &bestIsa();
  return *active;
}

/** 64-byte aligned scratch that only grows; one per thread. */
struct Scratch {
  float* data = nullptr;
  size_t size = 0;
  float* get(size_t n) {
    if (n > size) {
      std::free(data);
      data = static_cast<float*>(std::aligned_alloc(64, ((n * sizeof(float) + 63) / 64) * 64));
      size = n;
    }
    return data;
  }
  ~Scratch() { std::free(data); }
};

thread_local Scratch scratchA, scratchB;

/** Packs rows [0, kc) x cols [0, nc) of b into NR-wide strips, zero-padded: dst[s][p][j]. */
void packBStrip(const Operand& b, int kc, int j0, int width, int nr, float* dst) {
  if (b.colStride == 1) {
    for (int p = 0; p < kc; p++) {
      const float* src = b.data + p * b.rowStride + j0;
      float* out = dst + p * nr;
      std::memcpy(out, src, width * sizeof(float));
      for (int j = width; j < nr; j++) out[j] = 0.f;
    }
    return;
  }
  for (int p = 0; p < kc; p++) std::fill(dst + p * nr + width, dst + p * nr + nr, 0.f);
  for (int j = 0; j < width; j++) {
    const float* src = b.data + (j0 + j) * b.colStride;
    for (int p = 0; p < kc; p++) dst[p * nr + j] = src[p * b.rowStride];
  }
}

/** Packs rows [i0, i0 + mc) x cols [0, kc) of a into MR-tall strips, zero-padded: dst[r][p][i]. */
void packABlock(const Operand& a, int i0, int mc, int kc, float* dst) {
  for (int r = 0; r < mc; r += kMR) {
    const int rows = std::min(kMR, mc - r);
    float* out = dst + (r / kMR) * kc * kMR;
    if (a.colStride == 1) {
      for (int i = 0; i < rows; i++) {
        const float* src = a.data + (i0 + r + i) * a.rowStride;
        for (int p = 0; p < kc; p++) out[p * kMR + i] = src[p];
      }
    } else {
      for (int p = 0; p < kc; p++) {
        const float* src = a.data + p * a.colStride + (i0 + r) * a.rowStride;
        for (int i = 0; i < rows; i++) out[p * kMR + i] = src[i * a.rowStride];
      }
    }
    if (rows < kMR) {
      for (int p = 0; p < kc; p++) std::fill(out + p * kMR + rows, out + p * kMR + kMR, 0.f);
    }
  }
}

/** C block [mc x nc] (+)= packed A block x packed B strips [s0, s1). */
void macroKernel(const Isa& k, const float* packedA, const float* packedB, int mc, int nc, int kc, int s0, int s1, float* c, std::ptrdiff_t ldc,
                 bool accumulate) {
  alignas(64) float edge[kMR * 32];
  for (int s = s0; s < s1; s++) {
    const int j = s * k.nr;
    const int width = std::min(k.nr, nc - j);
    const float* b = packedB + static_cast<size_t>(s) * kc * k.nr;
    for (int r = 0; r < mc; r += kMR) {
      const int rows = std::min(kMR, mc - r);
      const float* a = packedA + (r / kMR) * kc * kMR;
      float* out = c + r * ldc + j;
      if (rows == kMR && width == k.nr) {
        k.kernel(kc, a, b, out, ldc, accumulate);
        continue;
      }
      k.kernel(kc, a, b, edge, k.nr, false);
      for (int i = 0; i < rows; i++) {
        for (int jj = 0; jj < width; jj++) out[i * ldc + jj] = accumulate ? out[i * ldc + jj] + edge[i * k.nr + jj] : edge[i * k.nr + jj];
      }
    }
  }
}

void runTasks(ThreadPool* pool, int tasks, const std::function<void(int)>& fn) {
  if (pool) pool->parallelFor(tasks, fn);
  else
    for (int t = 0; t < tasks; t++) fn(t);
}

}  // namespace

const char* gemmSimd() { return isa().name; }
const char* cpuBestSimd() { return bestIsa().name; }

const char* setGemmSimd(const char* wanted) {
  const Isa& best = bestIsa();
  const Isa* order[] = {&kAvx512, &kAvx2, &kGeneric};
  active = &best;
  if (wanted && std::strcmp(wanted, "auto") != 0) {
    bool allowed = false;
    for (const Isa* candidate : order) {
      if (candidate == &best) allowed = true;
      if (allowed && std::strcmp(candidate->name, wanted) == 0) active = candidate;
    }
  }
  return active->name;
}

void gemm(ThreadPool* pool, int M, int N, int K, Operand a, Operand b, float* c, std::ptrdiff_t ldc, const float* bias) {
  if (M <= 0 || N <= 0) return;
  const Isa& k = isa();
  if (K <= 0) {
    for (int i = 0; i < M; i++)
      for (int j = 0; j < N; j++) c[i * ldc + j] = bias ? bias[j] : 0.f;
    return;
  }
  const int threads = pool ? pool->threads() : 1;
  for (int jc = 0; jc < N; jc += kNC) {
    const int nc = std::min(kNC, N - jc);
    const int strips = (nc + k.nr - 1) / k.nr;
    float* packedB = scratchB.get(static_cast<size_t>(strips) * kKC * k.nr);
    const int mBlocks = (M + kMC - 1) / kMC;
    // Enough tasks for every thread: split the strips too when M is short.
    const int nSplit = std::max(1, std::min(strips, (2 * threads + mBlocks - 1) / mBlocks));
    for (int pc = 0; pc < K; pc += kKC) {
      const int kc = std::min(kKC, K - pc);
      const Operand bSlice{b.data + pc * b.rowStride + jc * b.colStride, b.rowStride, b.colStride};
      const int packTasks = std::min(strips, 4 * threads);
      runTasks(pool, packTasks, [&](int t) {
        for (int s = t * strips / packTasks; s < (t + 1) * strips / packTasks; s++)
          packBStrip(bSlice, kc, s * k.nr, std::min(k.nr, nc - s * k.nr), k.nr, packedB + static_cast<size_t>(s) * kc * k.nr);
      });
      const bool last = pc + kc >= K;
      const Operand aSlice{a.data + pc * a.colStride, a.rowStride, a.colStride};
      runTasks(pool, mBlocks * nSplit, [&](int t) {
        const int ic = (t / nSplit) * kMC, split = t % nSplit;
        const int mc = std::min(kMC, M - ic);
        const int s0 = split * strips / nSplit, s1 = (split + 1) * strips / nSplit;
        float* packedA = scratchA.get(static_cast<size_t>(kMC) * kKC);
        packABlock(aSlice, ic, mc, kc, packedA);
        float* cBlock = c + ic * ldc + jc;
        macroKernel(k, packedA, packedB, mc, nc, kc, s0, s1, cBlock, ldc, pc > 0);
        if (last && bias) {
          const int j0 = s0 * k.nr, j1 = std::min(nc, s1 * k.nr);
          for (int i = 0; i < mc; i++)
            for (int j = j0; j < j1; j++) cBlock[i * ldc + j] += bias[jc + j];
        }
      });
    }
  }
}

void headBatchedGemm(ThreadPool* pool, int batch, int heads, int M, int N, int K, Operand a, BatchStrides sa, Operand b, BatchStrides sb, float* c,
                     BatchStrides sc, std::ptrdiff_t ldc, const float* bias) {
  const int threads = pool ? pool->threads() : 1;
  auto at = [heads](BatchStrides s, int n) { return (n / heads) * s.outer + (n % heads) * s.inner; };
  auto item = [&](ThreadPool* p, int n) {
    gemm(p, M, N, K, Operand{a.data + at(sa, n), a.rowStride, a.colStride}, Operand{b.data + at(sb, n), b.rowStride, b.colStride}, c + at(sc, n), ldc,
         bias);
  };
  // Many small products (attention heads): one per task. Few large ones: each across the pool.
  const double flopsPerItem = 2.0 * M * N * K;
  if (batch >= 2 * threads || (batch >= threads && flopsPerItem < 4e7)) {
    runTasks(pool, batch, [&](int n) { item(nullptr, n); });
  } else {
    for (int n = 0; n < batch; n++) item(pool, n);
  }
}

void batchedGemm(ThreadPool* pool, int batch, int M, int N, int K, Operand a, std::ptrdiff_t strideA, Operand b, std::ptrdiff_t strideB, float* c,
                 std::ptrdiff_t strideC, const float* bias) {
  headBatchedGemm(pool, batch, 1, M, N, K, a, {strideA, 0}, b, {strideB, 0}, c, {strideC, 0}, N, bias);
}
