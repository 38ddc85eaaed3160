#!/bin/sh
# /usr/local/bin/almanac on a systemd install: the CLI with the service's settings, run as the service user,
# so files it writes (the index, settings, pulled models) stay the service's own.
set -eu
ALMANAC_LIBRARY=/var/lib/almanac/library
ALMANAC_MODELS_DIR=/var/lib/almanac/models
ALMANAC_DATA_DIR=/var/lib/almanac/indexes
set -a
# shellcheck disable=SC1091
[ -r /etc/almanac.env ] && . /etc/almanac.env
set +a
export ALMANAC_LIBRARY ALMANAC_MODELS_DIR ALMANAC_DATA_DIR
cli=/opt/almanac/dist/src/cli/main.js
if [ "$(id -un)" = almanac ]; then exec node "$cli" "$@"; fi
if [ "$(id -u)" -eq 0 ]; then exec runuser -u almanac -- env ALMANAC_LIBRARY="$ALMANAC_LIBRARY" \
  ALMANAC_MODELS_DIR="$ALMANAC_MODELS_DIR" ALMANAC_DATA_DIR="$ALMANAC_DATA_DIR" node "$cli" "$@"; fi
echo "almanac: run it as root (sudo almanac …) so it can act as the almanac service user" >&2
exit 1
