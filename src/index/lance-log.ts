// LanceDB's native module reads LANCEDB_LOG (env_logger) once when it loads. Its default level prints
// deprecation warnings on every hybrid query; keep errors only unless the user asked for more.
process.env.LANCEDB_LOG ??= "error";

/** Imported for its side effect, before `@lancedb/lancedb`: see the note above. */
export const LANCEDB_LOG_LEVEL = process.env.LANCEDB_LOG;
