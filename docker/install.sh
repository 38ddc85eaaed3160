#!/usr/bin/env bash
# Installs Almanac from this checkout as a systemd service on Raspberry Pi OS 64-bit, Debian or Ubuntu:
#   sudo docker/install.sh            # install or upgrade, then start
#   docker/install.sh --dry-run       # print what it would do, change nothing
# It needs Node.js 20.19 or newer and npm already installed (see docs/operations.md, "Raspberry Pi");
# it downloads nothing itself beyond what `npm ci` fetches from the npm registry.
set -euo pipefail

APP_DIR=/opt/almanac
DATA_ROOT=/var/lib/almanac
UNIT=/etc/systemd/system/almanac.service
ENV_FILE=/etc/almanac.env
SERVICE_USER=almanac
SOURCE="$(cd "$(dirname "$0")/.." && pwd)"

dry=false
[ "${1:-}" = "--dry-run" ] && dry=true

run() {
  echo "+ $*"
  if ! $dry; then "$@"; fi
}
die() {
  echo "install: $1" >&2
  exit 1
}

arch="$(uname -m)"
case "$arch" in
  x86_64 | aarch64 | arm64) ;;
  *) die "Almanac needs a 64-bit OS (x86-64 or arm64); this is $arch. On a Raspberry Pi, install Raspberry Pi OS 64-bit." ;;
esac
if [ "$arch" = x86_64 ] && [ -r /proc/cpuinfo ] && ! grep -qw avx2 /proc/cpuinfo; then
  die "this x86-64 CPU has no AVX2, which LanceDB's build needs (Intel Haswell / AMD Excavator or newer)."
fi
command -v node >/dev/null || die "Node.js is not installed: install Node.js 20.19 or newer (e.g. the nodejs package from NodeSource, or the official tarball)."
node_ok="$(node -e 'const [a,b]=process.versions.node.split(".").map(Number);console.log(a>20||(a===20&&b>=19)?"yes":"no")')"
[ "$node_ok" = yes ] || die "Node.js $(node --version) is too old: Almanac needs 20.19 or newer."
if ! $dry && [ "$(id -u)" -ne 0 ]; then die "run it as root (sudo docker/install.sh), or with --dry-run to see the steps."; fi

echo "Installing Almanac from $SOURCE into $APP_DIR, data in $DATA_ROOT ($arch, Node $(node --version))"
if ! id "$SERVICE_USER" >/dev/null 2>&1; then
  run useradd --system --home-dir "$DATA_ROOT" --no-create-home --shell /usr/sbin/nologin "$SERVICE_USER"
fi
run mkdir -p "$APP_DIR" "$DATA_ROOT/library" "$DATA_ROOT/models" "$DATA_ROOT/indexes"
run cp -a "$SOURCE/package.json" "$SOURCE/package-lock.json" "$SOURCE/tsconfig.json" "$SOURCE/README.md" "$APP_DIR/"
for dir in src views migrations docker library docs; do
  run rm -rf "${APP_DIR:?}/$dir"
  run cp -a "$SOURCE/$dir" "$APP_DIR/$dir"
done
# The starter library, once: the household's own books are never overwritten.
if $dry || [ -z "$(ls -A "$DATA_ROOT/library" 2>/dev/null)" ]; then
  run cp -a "$SOURCE/library/." "$DATA_ROOT/library/"
fi
run bash -c "cd '$APP_DIR' && NODE_LLAMA_CPP_SKIP_DOWNLOAD=true npm ci --no-audit --no-fund && npm prune --omit=dev"
run chown -R "$SERVICE_USER:$SERVICE_USER" "$DATA_ROOT"
run chmod 0750 "$DATA_ROOT"
run install -m 0644 "$SOURCE/docker/almanac.service" "$UNIT"
if $dry || [ ! -e "$ENV_FILE" ]; then
  run install -m 0640 /dev/null "$ENV_FILE"
  echo "# Almanac settings (see docs/configuration.md), e.g. ALMANAC_PORT=8080" | { $dry && cat || cat > "$ENV_FILE"; }
fi
run install -m 0755 "$SOURCE/docker/almanac-cli.sh" /usr/local/bin/almanac
run systemctl daemon-reload
run systemctl enable --now almanac.service
echo "Almanac runs as the $SERVICE_USER service: http://$(hostname -I 2>/dev/null | cut -d' ' -f1 || hostname):8080/"
echo "Books: $DATA_ROOT/library · models: $DATA_ROOT/models · logs: journalctl -u almanac -f"
echo "The CLI runs as the service user with its settings: sudo almanac status · sudo almanac doctor · sudo almanac users add <name> --role admin"
