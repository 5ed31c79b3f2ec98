// N-API entry points of dml_native (plain node_api.h, no C++ wrapper). Every kernel reads and
// writes the caller's Float32Arrays in place: views on the wasm heap (a SharedArrayBuffer when
// threaded) or on plain ArrayBuffers. Nothing is copied and nothing is retained after a call.
//   gemm(a, b, c, bias|null, batch, M, N, K, transA, transB, strideA, strideB)
//   gelu(x, y) / geluGrad(x, dy, dx); layerNorm, layerNormGrad, maskedSoftmax, maskedSoftmaxGrad (addon-rows.cc)
//   setEngine('own'|'blas') / blas(); fmaPeak(simd, seconds) -> GFLOP/s; setThreads(n) / threads() / simd() / setSimd(name) / cpuBestSimd()
#include <node_api.h>

#include <cstring>
#include <string>
#include <thread>

#include "blas.h"
#include "gelu.h"
#include "gemm.h"
#include "napi-args.h"
#include "peak.h"

ThreadPool* pool() {
  static ThreadPool instance(1);
  return &instance;
}

namespace {

bool useBlas = false;  // setEngine("blas"): the bench's comparison with a system BLAS

napi_value gemmCall(napi_env env, napi_callback_info info) {
  size_t argc = 12;
  napi_value args[12];
  if (failed(env, napi_get_cb_info(env, info, &argc, args, nullptr, nullptr), "dml_native: bad call")) return nullptr;
  if (argc != 12) {
    napi_throw_type_error(env, nullptr, "dml_native.gemm takes 12 arguments");
    return nullptr;
  }
  float *a, *b, *c, *bias = nullptr;
  size_t la, lb, lc, lbias = 0;
  if (!floatArray(env, args[0], &a, &la, "a") || !floatArray(env, args[1], &b, &lb, "b") || !floatArray(env, args[2], &c, &lc, "c")) return nullptr;
  napi_valuetype biasType;
  napi_typeof(env, args[3], &biasType);
  if (biasType != napi_null && biasType != napi_undefined && !floatArray(env, args[3], &bias, &lbias, "bias")) return nullptr;
  int64_t v[8];
  for (int i = 0; i < 8; i++)
    if (!int64Arg(env, args[4 + i], &v[i])) return nullptr;
  const int64_t batch = v[0], M = v[1], N = v[2], K = v[3], strideA = v[6], strideB = v[7];
  const bool transA = v[4] != 0, transB = v[5] != 0;
  // Bounds: the last element each operand's layout touches must lie inside its array.
  const bool fits = batch >= 0 && M >= 0 && N >= 0 && K >= 0 && strideA >= 0 && strideB >= 0 && (batch == 0 || M == 0 || N == 0 ||
                    (static_cast<size_t>((batch - 1) * strideA + M * K) <= la && static_cast<size_t>((batch - 1) * strideB + K * N) <= lb &&
                     static_cast<size_t>(batch * M * N) <= lc && (!bias || static_cast<size_t>(N) <= lbias)));
  if (!fits) {
    napi_throw_range_error(env, nullptr, "dml_native.gemm: the shapes do not fit the arrays given");
    return nullptr;
  }
  if (useBlas) {
    if (!blasGemm(pool()->threads(), static_cast<int>(batch), static_cast<int>(M), static_cast<int>(N), static_cast<int>(K), transA, transB, a, strideA, b,
                  strideB, c, bias))
      napi_throw_error(env, nullptr, ("dml_native: engine blas: " + blasError()).c_str());
    return nullptr;
  }
  const Operand opA = transA ? Operand{a, 1, static_cast<std::ptrdiff_t>(M)} : Operand{a, static_cast<std::ptrdiff_t>(K), 1};
  const Operand opB = transB ? Operand{b, 1, static_cast<std::ptrdiff_t>(K)} : Operand{b, static_cast<std::ptrdiff_t>(N), 1};
  batchedGemm(pool(), static_cast<int>(batch), static_cast<int>(M), static_cast<int>(N), static_cast<int>(K), opA, strideA, opB, strideB, c, M * N, bias);
  return nullptr;
}

/** gelu(x, y): y = GELU(x); geluGrad(x, dy, dx): dx = dy GELU'(x). Arrays of one length. */
napi_value geluCall(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value args[3];
  napi_get_cb_info(env, info, &argc, args, nullptr, nullptr);
  float *x, *y, *z = nullptr;
  size_t lx, ly, lz = 0;
  const bool grad = argc == 3;
  if (argc < 2 || !floatArray(env, args[0], &x, &lx, "x") || !floatArray(env, args[1], &y, &ly, grad ? "dy" : "y")) return nullptr;
  if (grad && !floatArray(env, args[2], &z, &lz, "dx")) return nullptr;
  if (ly != lx || (grad && lz != lx)) {
    napi_throw_range_error(env, nullptr, "dml_native.gelu: the arrays differ in length");
    return nullptr;
  }
  if (grad) geluBackward(pool(), x, y, z, static_cast<long>(lx));
  else geluForward(pool(), x, y, static_cast<long>(lx));
  return nullptr;
}

napi_value number(napi_env env, double x) {
  napi_value out;
  napi_create_double(env, x, &out);
  return out;
}

napi_value string(napi_env env, const char* s) {
  napi_value out;
  napi_create_string_utf8(env, s, NAPI_AUTO_LENGTH, &out);
  return out;
}

napi_value setThreads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg;
  napi_get_cb_info(env, info, &argc, &arg, nullptr, nullptr);
  int64_t n = 1;
  if (argc < 1 || !int64Arg(env, arg, &n)) return nullptr;
  if (n < 1 || n > 256) {
    napi_throw_range_error(env, nullptr, "dml_native.setThreads: threads must be from 1 to 256");
    return nullptr;
  }
  pool()->resize(static_cast<int>(n));
  return number(env, pool()->threads());
}

napi_value threads(napi_env env, napi_callback_info) { return number(env, pool()->threads()); }
napi_value hardwareThreads(napi_env env, napi_callback_info) { return number(env, std::thread::hardware_concurrency()); }
napi_value simd(napi_env env, napi_callback_info) { return string(env, gemmSimd()); }
napi_value bestSimd(napi_env env, napi_callback_info) { return string(env, cpuBestSimd()); }

napi_value setSimd(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg;
  napi_get_cb_info(env, info, &argc, &arg, nullptr, nullptr);
  char name[32] = "auto";
  size_t len = 0;
  if (argc >= 1 && failed(env, napi_get_value_string_utf8(env, arg, name, sizeof name, &len), "dml_native.setSimd takes a string")) return nullptr;
  return string(env, setGemmSimd(name));
}

napi_value peak(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value args[2];
  napi_get_cb_info(env, info, &argc, args, nullptr, nullptr);
  char name[32] = "avx2";
  size_t len = 0;
  double seconds = 0.5;
  if (argc >= 1) napi_get_value_string_utf8(env, args[0], name, sizeof name, &len);
  if (argc >= 2) napi_get_value_double(env, args[1], &seconds);
  return number(env, fmaPeakGflops(pool(), name, seconds));
}

/** setEngine("own" | "blas") -> the engine in use; "blas" needs a CBLAS library (blasName()). */
napi_value setEngine(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg;
  napi_get_cb_info(env, info, &argc, &arg, nullptr, nullptr);
  char name[16] = "own";
  size_t len = 0;
  if (argc >= 1) napi_get_value_string_utf8(env, arg, name, sizeof name, &len);
  useBlas = std::strcmp(name, "blas") == 0 && !blasName().empty();
  return string(env, useBlas ? "blas" : "own");
}

napi_value blasInfo(napi_env env, napi_callback_info) {
  const std::string name = blasName();
  return string(env, name.empty() ? ("none: " + blasError()).c_str() : name.c_str());
}

}  // namespace

NAPI_MODULE_INIT(/* napi_env env, napi_value exports */) {
  const napi_property_descriptor props[] = {
      {"gemm", nullptr, gemmCall, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"gelu", nullptr, geluCall, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"geluGrad", nullptr, geluCall, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"setThreads", nullptr, setThreads, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"threads", nullptr, threads, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"hardwareThreads", nullptr, hardwareThreads, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"simd", nullptr, simd, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"cpuBestSimd", nullptr, bestSimd, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"setEngine", nullptr, setEngine, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"blas", nullptr, blasInfo, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"fmaPeak", nullptr, peak, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"setSimd", nullptr, setSimd, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  defineRowKernels(env, exports);
  return exports;
}
