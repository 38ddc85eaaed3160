#!/bin/sh
# Almanac's container entry point: checks the mounted folders before the server starts, so a volume the
# container user cannot write fails with a sentence instead of a stack trace, then runs the command (CMD).
set -eu

library="${ALMANAC_LIBRARY:-/app/library}"
models="${ALMANAC_MODELS_DIR:-/app/models}"
data="${ALMANAC_DATA_DIR:-/app/indexes}"
user="$(id -un 2>/dev/null || id -u)"

fail() {
  echo "almanac: $1" >&2
  exit 1
}

# The index and the models folder must be writable (the index is written; uploads and pulls go to models).
for dir in "$data" "$models"; do
  if [ ! -d "$dir" ]; then
    mkdir -p "$dir" 2>/dev/null || fail "cannot create $dir as $user; mount a volume there or create it"
  fi
  probe="$dir/.almanac-write-test.$$"
  if ! (: > "$probe") 2>/dev/null; then
    fail "$dir is not writable by $user (uid $(id -u)); on the host run: chown -R $(id -u):$(id -g) <the folder mounted at $dir>"
  fi
  rm -f "$probe"
done

# The library is read; a missing one is created empty so the server starts and the page says how to add books.
if [ ! -d "$library" ]; then
  mkdir -p "$library" 2>/dev/null || echo "almanac: no library folder at $library; mount your books there" >&2
fi

exec "$@"
