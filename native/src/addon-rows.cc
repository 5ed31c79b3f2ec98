// N-API entry points of the row kernels; each checks that the arrays' lengths agree with the
// shapes before any memory is touched.
//   layerNorm(x, residual|null, gamma, beta, y, xhat, rstd, eps)     rows = rstd.length, d = gamma.length
//   layerNormGrad(dy, xhat, rstd, gamma, dx, dgamma, dbeta)
//   maskedSoftmax(scores, mask|null, probs, cols, rowsPerMask, scale)
//   maskedSoftmaxGrad(probs, dprobs, dscores, cols, scale)
//   columnSums(x, out)                                                rows = x.length / out.length
//   adamw(p, m, v, g, coefficients)   coefficients: Float64Array [β1, β2, ε, lr, wd, bc1, bc2, gradScale, transformers ? 1 : 0]
//   sumOfSquares(x) -> number
//   headGemm(a, b, c, layout)   products over (batch x heads) read and written through strides, layout a
//     Float64Array [batch, heads, M, N, K, a: outer, inner, row, col, b: outer, inner, row, col, c: outer, inner, row]
#include <node_api.h>

#include "adamw.h"
#include "column-sums.h"
#include "gemm.h"
#include "layer-norm.h"
#include "napi-args.h"
#include "softmax.h"

namespace {

constexpr size_t kMaxArgs = 8;

/** The call's arguments; false (with a TypeError pending) unless there are exactly `count`. */
bool args(napi_env env, napi_callback_info info, size_t count, napi_value* out, const char* name) {
  size_t argc = kMaxArgs;
  if (failed(env, napi_get_cb_info(env, info, &argc, out, nullptr, nullptr), "dml_native: bad call")) return false;
  if (argc == count) return true;
  napi_throw_type_error(env, nullptr, (std::string("dml_native.") + name + " takes " + std::to_string(count) + " arguments").c_str());
  return false;
}

/** A Float32Array, or null / undefined (data = nullptr, length 0). */
bool optionalFloatArray(napi_env env, napi_value value, float** data, size_t* length, const char* name) {
  napi_valuetype type;
  napi_typeof(env, value, &type);
  *data = nullptr;
  *length = 0;
  return type == napi_null || type == napi_undefined || floatArray(env, value, data, length, name);
}

bool doubleArg(napi_env env, napi_value value, double* out) { return !failed(env, napi_get_value_double(env, value, out), "dml_native: expected a number"); }

napi_value rangeError(napi_env env, const char* what) {
  napi_throw_range_error(env, nullptr, what);
  return nullptr;
}

/**
 * Reads args[0..n) as Float32Arrays named by `names` (a trailing '?' allows null), into data/length.
 */
template <size_t n>
bool floatArrays(napi_env env, const napi_value* a, const char* const (&names)[n], float** data, size_t* length) {
  for (size_t i = 0; i < n; i++) {
    const std::string name = names[i];
    const bool optional = name.back() == '?';
    const std::string bare = optional ? name.substr(0, name.size() - 1) : name;
    if (!(optional ? optionalFloatArray(env, a[i], &data[i], &length[i], bare.c_str()) : floatArray(env, a[i], &data[i], &length[i], bare.c_str())))
      return false;
  }
  return true;
}

napi_value layerNormCall(napi_env env, napi_callback_info info) {
  napi_value a[kMaxArgs];
  float* p[7];
  size_t l[7];
  double eps;
  if (!args(env, info, 8, a, "layerNorm") || !floatArrays(env, a, {"x", "residual?", "gamma", "beta", "y", "xhat", "rstd"}, p, l) ||
      !doubleArg(env, a[7], &eps))
    return nullptr;
  const size_t rows = l[6], d = l[2];
  if (d == 0 || l[3] != d || l[0] != rows * d || l[4] != l[0] || l[5] != l[0] || (p[1] && l[1] != l[0]))
    return rangeError(env, "dml_native.layerNorm: x, residual, y and xhat must hold rstd.length rows of gamma.length values, beta as many as gamma");
  layerNormForward(pool(), p[0], p[1], p[2], p[3], p[4], p[5], p[6], static_cast<long>(rows), static_cast<long>(d), static_cast<float>(eps));
  return nullptr;
}

napi_value layerNormGradCall(napi_env env, napi_callback_info info) {
  napi_value a[kMaxArgs];
  float* p[7];
  size_t l[7];
  if (!args(env, info, 7, a, "layerNormGrad") || !floatArrays(env, a, {"dy", "xhat", "rstd", "gamma", "dx", "dgamma", "dbeta"}, p, l)) return nullptr;
  const size_t rows = l[2], d = l[3];
  if (d == 0 || l[0] != rows * d || l[1] != l[0] || l[4] != l[0] || l[5] != d || l[6] != d)
    return rangeError(env, "dml_native.layerNormGrad: dy, xhat and dx must hold rstd.length rows of gamma.length values, dgamma and dbeta as many as gamma");
  layerNormBackward(pool(), p[0], p[1], p[2], p[3], p[4], p[5], p[6], static_cast<long>(rows), static_cast<long>(d));
  return nullptr;
}

napi_value maskedSoftmaxCall(napi_env env, napi_callback_info info) {
  napi_value a[kMaxArgs];
  float* p[3];
  size_t l[3];
  int64_t cols, perMask;
  double scale;
  if (!args(env, info, 6, a, "maskedSoftmax") || !floatArrays(env, a, {"scores", "mask?", "probs"}, p, l) || !int64Arg(env, a[3], &cols) ||
      !int64Arg(env, a[4], &perMask) || !doubleArg(env, a[5], &scale))
    return nullptr;
  const size_t rows = cols > 0 ? l[0] / static_cast<size_t>(cols) : 0;
  const size_t maskRows = perMask > 0 ? (rows + static_cast<size_t>(perMask) - 1) / static_cast<size_t>(perMask) : 0;
  if (cols <= 0 || perMask <= 0 || rows * static_cast<size_t>(cols) != l[0] || l[2] != l[0] || (p[1] && l[1] != maskRows * static_cast<size_t>(cols)))
    return rangeError(env, "dml_native.maskedSoftmax: scores and probs must hold whole rows of cols values, mask one row per rowsPerMask rows");
  maskedSoftmaxForward(pool(), p[0], p[1], p[2], static_cast<long>(rows), static_cast<long>(cols), static_cast<long>(perMask), static_cast<float>(scale));
  return nullptr;
}

napi_value maskedSoftmaxGradCall(napi_env env, napi_callback_info info) {
  napi_value a[kMaxArgs];
  float* p[3];
  size_t l[3];
  int64_t cols;
  double scale;
  if (!args(env, info, 5, a, "maskedSoftmaxGrad") || !floatArrays(env, a, {"probs", "dprobs", "dscores"}, p, l) || !int64Arg(env, a[3], &cols) ||
      !doubleArg(env, a[4], &scale))
    return nullptr;
  if (cols <= 0 || l[0] % static_cast<size_t>(cols) != 0 || l[1] != l[0] || l[2] != l[0])
    return rangeError(env, "dml_native.maskedSoftmaxGrad: probs, dprobs and dscores must hold the same whole rows of cols values");
  maskedSoftmaxBackward(pool(), p[0], p[1], p[2], static_cast<long>(l[0] / static_cast<size_t>(cols)), static_cast<long>(cols), static_cast<float>(scale));
  return nullptr;
}

napi_value columnSumsCall(napi_env env, napi_callback_info info) {
  napi_value a[kMaxArgs];
  float* p[2];
  size_t l[2];
  if (!args(env, info, 2, a, "columnSums") || !floatArrays(env, a, {"x", "out"}, p, l)) return nullptr;
  if (l[1] == 0 || l[0] % l[1] != 0) return rangeError(env, "dml_native.columnSums: x must hold whole rows of out.length values");
  columnSums(pool(), p[0], p[1], static_cast<long>(l[0] / l[1]), static_cast<long>(l[1]));
  return nullptr;
}

/** The last element an operand's layout touches, + 1 (0 when it touches none). */
double extent(const double* l, double batch, double heads, double rows, double cols) {
  if (batch <= 0 || heads <= 0 || rows <= 0 || cols <= 0) return 0;
  return (batch - 1) * l[0] + (heads - 1) * l[1] + (rows - 1) * l[2] + (cols - 1) * l[3] + 1;
}

napi_value headGemmCall(napi_env env, napi_callback_info info) {
  napi_value a[kMaxArgs];
  float* p[3];
  size_t l[3];
  if (!args(env, info, 4, a, "headGemm") || !floatArrays(env, a, {"a", "b", "c"}, p, l)) return nullptr;
  napi_typedarray_type type;
  size_t count = 0;
  void* raw = nullptr;
  napi_value buffer;
  size_t offset;
  bool is = false;
  napi_is_typedarray(env, a[3], &is);
  if (!is || napi_get_typedarray_info(env, a[3], &type, &count, &raw, &buffer, &offset) != napi_ok || type != napi_float64_array || count != 16) {
    napi_throw_type_error(env, nullptr, "dml_native.headGemm: layout must be a Float64Array of 16 values");
    return nullptr;
  }
  const double* v = static_cast<const double*>(raw);
  const double batch = v[0], heads = v[1], M = v[2], N = v[3], K = v[4];
  const double cLayout[4] = {v[13], v[14], v[15], 1};
  bool ok = true;
  for (int i = 0; i < 16; i++) ok = ok && v[i] >= 0 && v[i] == static_cast<double>(static_cast<int64_t>(v[i])) && v[i] < 2147483648.0;
  if (!ok || extent(v + 5, batch, heads, M, K) > static_cast<double>(l[0]) || extent(v + 9, batch, heads, K, N) > static_cast<double>(l[1]) ||
      extent(cLayout, batch, heads, M, N) > static_cast<double>(l[2]))
    return rangeError(env, "dml_native.headGemm: the layout does not fit the arrays given");
  if (batch * heads * M * N == 0) return nullptr;
  auto op = [](float* data, const double* s) { return Operand{data, static_cast<std::ptrdiff_t>(s[2]), static_cast<std::ptrdiff_t>(s[3])}; };
  auto strides = [](const double* s) { return BatchStrides{static_cast<std::ptrdiff_t>(s[0]), static_cast<std::ptrdiff_t>(s[1])}; };
  headBatchedGemm(pool(), static_cast<int>(batch * heads), static_cast<int>(heads), static_cast<int>(M), static_cast<int>(N), static_cast<int>(K),
                  op(p[0], v + 5), strides(v + 5), op(p[1], v + 9), strides(v + 9), p[2], strides(v + 13), static_cast<std::ptrdiff_t>(v[15]), nullptr);
  return nullptr;
}

}  // namespace

napi_value adamwCall(napi_env env, napi_callback_info info) {
  napi_value a[kMaxArgs];
  float* p[4];
  size_t l[4];
  if (!args(env, info, 5, a, "adamw") || !floatArrays(env, a, {"p", "m", "v", "g"}, p, l)) return nullptr;
  double* k = nullptr;
  size_t kn = 0;
  napi_typedarray_type type;
  napi_value buffer;
  size_t offset;
  if (failed(env, napi_get_typedarray_info(env, a[4], &type, &kn, reinterpret_cast<void**>(&k), &buffer, &offset),
             "dml_native.adamw: coefficients must be a Float64Array") ||
      type != napi_float64_array || kn != 9)
    return rangeError(env, "dml_native.adamw: coefficients must be a Float64Array of 9 values");
  if (l[1] != l[0] || l[2] != l[0] || l[3] != l[0]) return rangeError(env, "dml_native.adamw: p, m, v and g must have one length");
  const AdamWCoefficients c{k[0], k[1], k[2], k[3], k[4], k[5], k[6], k[7], k[8] != 0};
  adamwUpdate(pool(), p[0], p[1], p[2], p[3], static_cast<long>(l[0]), c);
  return nullptr;
}

napi_value sumOfSquaresCall(napi_env env, napi_callback_info info) {
  napi_value a[kMaxArgs];
  float* p[1];
  size_t l[1];
  if (!args(env, info, 1, a, "sumOfSquares") || !floatArrays(env, a, {"x"}, p, l)) return nullptr;
  napi_value out;
  napi_create_double(env, sumOfSquares(pool(), p[0], static_cast<long>(l[0])), &out);
  return out;
}

void defineRowKernels(napi_env env, napi_value exports) {
  const napi_property_descriptor props[] = {
      {"layerNorm", nullptr, layerNormCall, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"layerNormGrad", nullptr, layerNormGradCall, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"maskedSoftmax", nullptr, maskedSoftmaxCall, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"maskedSoftmaxGrad", nullptr, maskedSoftmaxGradCall, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"columnSums", nullptr, columnSumsCall, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"adamw", nullptr, adamwCall, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"sumOfSquares", nullptr, sumOfSquaresCall, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"headGemm", nullptr, headGemmCall, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
}
