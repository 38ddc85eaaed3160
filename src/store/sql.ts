// Its own module, free of the LanceDB binding, so the search filter and its unit test load no native module.
/** Quotes a string literal for a LanceDB (DataFusion SQL) filter. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
