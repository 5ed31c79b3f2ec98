// s3rver ships no type declarations; test/helpers/s3-server.ts types what it uses.
declare module 's3rver';
