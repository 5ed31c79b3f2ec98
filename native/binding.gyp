{
  "targets": [
    {
      "target_name": "dml_native",
      "sources": ["src/addon.cc", "src/gemm.cc", "src/microkernels.cc", "src/peak.cc", "src/blas.cc", "src/gelu.cc", "src/addon-rows.cc", "src/layer-norm.cc", "src/softmax.cc", "src/column-sums.cc", "src/adamw.cc"],
      "libraries": ["-ldl"],
      "cflags_cc": ["-O3", "-std=c++17", "-fno-exceptions"],
      "cflags_cc!": ["-fno-rtti"],
      "defines": ["NAPI_VERSION=8"],
      "xcode_settings": { "OTHER_CPLUSPLUSFLAGS": ["-O3", "-std=c++17"] }
    }
  ]
}
