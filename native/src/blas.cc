// A BLAS found at run time (OpenBLAS, or any libblas with the CBLAS interface), never linked:
// dlopen at first use, so the addon loads on machines without one. Used by the bench to compare
// with our own GEMM (docs/backend.md), and selectable with setEngine("blas").
#include "blas.h"

#include <dlfcn.h>

namespace {

enum { kRowMajor = 101, kNoTrans = 111, kTrans = 112 };
using Sgemm = void (*)(int, int, int, int, int, int, float, const float*, int, const float*, int, float, float*, int);
using SetThreads = void (*)(int);

struct Blas {
  Sgemm sgemm = nullptr;
  SetThreads setThreads = nullptr;
  std::string name;
  std::string error;
};

const Blas& blas() {
  static Blas b = [] {
    Blas out;
    for (const char* lib : {"libopenblas.so.0", "libopenblas.so", "libmkl_rt.so", "libblis.so.4", "libblas.so.3"}) {
      void* h = dlopen(lib, RTLD_NOW | RTLD_LOCAL);
      if (!h) continue;
      out.sgemm = reinterpret_cast<Sgemm>(dlsym(h, "cblas_sgemm"));
      out.setThreads = reinterpret_cast<SetThreads>(dlsym(h, "openblas_set_num_threads"));
      if (out.sgemm) {
        out.name = lib;
        return out;
      }
    }
    out.error = "no CBLAS library found (tried libopenblas.so.0, libmkl_rt.so, libblis.so.4, libblas.so.3)";
    return out;
  }();
  return b;
}

}  // namespace

std::string blasName() { return blas().sgemm ? blas().name : ""; }
std::string blasError() { return blas().error; }

bool blasGemm(int threads, int batch, int M, int N, int K, bool transA, bool transB, const float* a, std::ptrdiff_t strideA, const float* b,
              std::ptrdiff_t strideB, float* c, const float* bias) {
  const Blas& lib = blas();
  if (!lib.sgemm) return false;
  if (lib.setThreads) lib.setThreads(threads);
  for (int n = 0; n < batch; n++) {
    float* out = c + static_cast<std::ptrdiff_t>(n) * M * N;
    float beta = 0.f;
    if (bias) {
      for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++) out[i * N + j] = bias[j];
      beta = 1.f;
    }
    lib.sgemm(kRowMajor, transA ? kTrans : kNoTrans, transB ? kTrans : kNoTrans, M, N, K, 1.f, a + n * strideA, transA ? M : K, b + n * strideB,
              transB ? K : N, beta, out, N);
  }
  return true;
}
