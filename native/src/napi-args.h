// Argument helpers shared by the addon's entry points (addon.cc, addon-rows.cc), and the one
// thread pool every kernel runs on.
#pragma once
#include <node_api.h>

#include <cstdint>
#include <string>

#include "thread-pool.h"

/** The addon's thread pool (setThreads sizes it). */
ThreadPool* pool();

/** Registers the row kernels (LayerNorm, masked softmax) on the exports object. */
void defineRowKernels(napi_env env, napi_value exports);

inline bool failed(napi_env env, napi_status status, const char* what) {
  if (status == napi_ok) return false;
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (!pending) napi_throw_type_error(env, nullptr, what);
  return true;
}

inline bool floatArray(napi_env env, napi_value value, float** data, size_t* length, const char* name) {
  napi_typedarray_type type;
  void* raw = nullptr;
  napi_value buffer;
  size_t offset;
  bool is = false;
  napi_is_typedarray(env, value, &is);
  std::string message = std::string("dml_native: ") + name + " must be a Float32Array";
  if (!is || napi_get_typedarray_info(env, value, &type, length, &raw, &buffer, &offset) != napi_ok || type != napi_float32_array) {
    napi_throw_type_error(env, nullptr, message.c_str());
    return false;
  }
  *data = static_cast<float*>(raw);
  return true;
}

inline bool int64Arg(napi_env env, napi_value value, int64_t* out) { return !failed(env, napi_get_value_int64(env, value, out), "dml_native: expected a number"); }

