#!/usr/bin/env bash
# Checks docker-compose.yml with Debian's docker-compose: makes throw-away secrets, renders the file
# with `docker-compose config` (which refuses an invalid file), then checks the rendered result.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
Deploy/secrets/generate.sh "$scratch/secrets" 2>/dev/null
docker-compose --env-file "$scratch/secrets/compose.env" -f docker-compose.yml config > "$scratch/rendered.yml"
python3 Deploy/check/check_compose.py < "$scratch/rendered.yml"
