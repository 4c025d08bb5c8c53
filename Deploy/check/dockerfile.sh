#!/usr/bin/env bash
# Lints Deploy/Dockerfile with hadolint (every rule, failing on warnings and infos alike).
set -euo pipefail
cd "$(dirname "$0")/../.."
hadolint --failure-threshold info Deploy/Dockerfile
