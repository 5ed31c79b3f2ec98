/** @type {import('next').NextConfig} */
const nextConfig = {
  // tfjs (wasm) and the Prisma adapter must load from node_modules at run time, not from the bundle
  serverExternalPackages: [
    '@tensorflow/tfjs',
    '@tensorflow/tfjs-core',
    '@tensorflow/tfjs-backend-wasm',
    '@tensorflow/tfjs-backend-cpu',
    '@tensorflow/tfjs-layers',
    '@tensorflow/tfjs-node',
    '@tensorflow/tfjs-node-gpu',
    'better-sqlite3',
    '@prisma/adapter-better-sqlite3',
    '@prisma/adapter-pg',
    'pg',
    '@huggingface/transformers',
    '@resvg/resvg-js',
    'pdfkit',
    'umap-js',
    // the what-if route handler's onnxruntime (native library) and the ONNX protobuf writer
    'onnxruntime-node',
    'onnx-proto',
    'protobufjs',
  ],
  typescript: { ignoreBuildErrors: false },
};
export default nextConfig;
