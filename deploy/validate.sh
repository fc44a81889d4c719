#!/usr/bin/env bash
# Validates the deployment files offline, with the real tools where there is one:
#  - docker-compose.yml: Docker Compose v2's own `config`, which loads the file, checks it
#    against the Compose specification and resolves it, as `docker compose config` does
#    (no Docker engine needed);
#  - k8s/*.yaml (except kustomization.yaml and the Prometheus Operator resources, whose schemas
#    come with the operator's CRDs): kubernetes-validate --strict against the Kubernetes JSON
#    schemas of the oldest and newest versions below; an unknown kind fails;
#  - Dockerfile: BuildKit's parser;
#  - haproxy.cfg and prometheus/*.yml with `haproxy -c` and `promtool check config` when those
#    are installed (Debian's haproxy and prometheus packages), skipped otherwise.
# The validators are installed into deploy/.venv by deploy/tools/ensure.sh on first use.
set -euo pipefail
cd "$(dirname "$0")"

KUBERNETES_VERSIONS=(1.29.0 1.37.0)

bash tools/ensure.sh
bin=.venv/bin

echo "== docker compose config (Docker Compose $("$bin/docker-compose" version --short))"
"$bin/docker-compose" --file docker-compose.yml config --quiet
echo "docker-compose.yml: valid"

manifests=()
for file in k8s/*.yaml; do
  case "$(basename "$file")" in
    kustomization.yaml | servicemonitor.yaml) ;;
    *) manifests+=("$file") ;;
  esac
done
for version in "${KUBERNETES_VERSIONS[@]}"; do
  echo "== kubernetes-validate --strict --kubernetes-version $version"
  output="$("$bin/kubernetes-validate" --strict --kubernetes-version "$version" "${manifests[@]}" 2>&1)" || {
    echo "$output"
    exit 1
  }
  echo "$output"
  if grep -q '^WARN' <<<"$output"; then
    echo "kubernetes-validate warned: every manifest must match a schema" >&2
    exit 1
  fi
done

echo "== Dockerfile (BuildKit's parser)"
"$bin/python" tools/as_json.py dockerfile Dockerfile |
  "$bin/python" -c 'import json, sys; c = json.load(sys.stdin); print("Dockerfile: %d instructions, stages: %s" % (len(c), ", ".join(i["value"][2] for i in c if i["cmd"] == "FROM" and len(i["value"]) == 3)))'

echo "== haproxy -c"
if command -v haproxy >/dev/null; then
  haproxy -c -f haproxy.cfg
else
  echo "skipped: haproxy is not installed"
fi

echo "== promtool check config"
if command -v promtool >/dev/null; then
  promtool check config prometheus/prometheus-compose.yml
else
  echo "skipped: promtool is not installed"
fi
