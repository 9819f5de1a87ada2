{
  "targets": [
    {
      "target_name": "yoloc_avx512",
      "type": "static_library",
      "sources": ["src/kernels_avx512.cc", "src/fused_avx512.cc"],
      "cflags_cc": ["-O3", "-std=c++17", "-fPIC", "-fno-exceptions", "-fno-trapping-math"],
      "conditions": [
        ["target_arch=='x64'", {"cflags_cc": ["-mavx512f", "-mavx512bw", "-mavx512dq", "-mavx512vl", "-mfma", "-mprefer-vector-width=512"]}]
      ]
    },
    {
      "target_name": "yoloc_avx2",
      "type": "static_library",
      "sources": ["src/kernels_avx2.cc", "src/fused_avx2.cc"],
      "cflags_cc": ["-O3", "-std=c++17", "-fPIC", "-fno-exceptions", "-fno-trapping-math"],
      "conditions": [
        ["target_arch=='x64' or target_arch=='ia32'", {"cflags_cc": ["-mavx2", "-mfma"]}]
      ]
    },
    {
      "target_name": "yoloc_native",
      "dependencies": ["yoloc_avx512", "yoloc_avx2"],
      "sources": [
        "src/addon.cc",
        "src/pool.cc",
        "src/scratch.cc",
        "src/conv.cc",
        "src/depthwise.cc",
        "src/matmul.cc",
        "src/kernels_dispatch.cc",
        "src/kernels_generic.cc",
        "src/elementwise.cc",
        "src/maxpool.cc",
        "src/fused.cc",
        "src/fused_generic.cc",
        "src/dfl.cc",
        "src/optim.cc",
        "src/rtmdet_loss.cc",
        "src/optim_adamw.cc",
        "src/plan.cc"
      ],
      "cflags_cc": ["-O3", "-std=c++17", "-fno-exceptions", "-fno-trapping-math"],
      "cflags_cc!": ["-fno-rtti"],
      "ldflags": ["-pthread"]
    }
  ]
}
