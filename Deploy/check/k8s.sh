#!/usr/bin/env bash
# Validates the Kubernetes manifests: renders every department's overlay (Deploy/check/kustomize.py),
# validates each rendering against the Kubernetes API schemas with kubernetes-validate (offline,
# strict), and checks what each department's part must contain. When kubectl is installed, its own
# kustomize must render exactly the same objects.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
status=0
for overlay in Deploy/k8s/overlays/*/; do
    department=$(basename "$overlay")
    rendered="$scratch/$department.yaml"
    python3 Deploy/check/kustomize.py "$overlay" > "$rendered"
    for version in 1.30.0 1.37.0; do
        kubernetes-validate --strict --quiet -k "$version" "$rendered" || status=1
    done
    python3 Deploy/check/check_k8s.py "$department" < "$rendered" || status=1
    if command -v kubectl >/dev/null && kubectl kustomize --load-restrictor LoadRestrictionsNone "$overlay" > "$scratch/$department.kubectl.yaml" 2>/dev/null; then
        python3 - "$rendered" "$scratch/$department.kubectl.yaml" <<'PY' || status=1
import sys, yaml
def objects(path):
    return {(o["kind"], o["metadata"].get("namespace", ""), o["metadata"]["name"]): o
            for o in yaml.safe_load_all(open(path)) if o}
ours, theirs = objects(sys.argv[1]), objects(sys.argv[2])
differing = sorted(set(ours) ^ set(theirs)) + sorted(k for k in set(ours) & set(theirs) if ours[k] != theirs[k])
if differing:
    print(f"kustomize.py and kubectl kustomize disagree on {differing}")
    sys.exit(1)
PY
    fi
done
python3 Deploy/check/kustomize.py Deploy/k8s > "$scratch/all.yaml"
kubernetes-validate --strict --quiet "$scratch/all.yaml" || status=1
exit $status
