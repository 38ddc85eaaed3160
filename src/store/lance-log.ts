// LanceDB's native module reads LANCEDB_LOG (env_logger) once when it loads. Its default level prints
// deprecation warnings on every hybrid query; keep errors only unless the user asked for more.
// Import this module for its side effect before `@lancedb/lancedb`.
process.env.LANCEDB_LOG ??= "error";

export {};
