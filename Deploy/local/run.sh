#!/usr/bin/env bash
# Starts every Greenheart service on this machine, on loopback, with embedded defaults.
#
#   Deploy/local/run.sh [--no-build] [--release]
#
# Environment (all optional):
#   DATA_DIR      where each service keeps its SQLite file (default ./data)
#   HTTP_BASE     service i (ingest=1 … notifier=5) serves HTTP on HTTP_BASE+i   (default 8080)
#   BUS_BASE      … publishes on tcp://127.0.0.1:BUS_BASE+i                      (default 7080)
#   REPLAY_BASE   … answers replay requests on tcp://127.0.0.1:REPLAY_BASE+i     (default 7180)
#   LOG_LEVEL     trace|debug|info|notice|warning|error (default info)
#
# Ctrl-C (or SIGTERM) stops every service gracefully; the script exits 0 only if all of them
# exited 0. Nothing is left running.
set -euo pipefail
cd "$(dirname "$0")/../.."

build=1
configuration=debug
for argument in "$@"; do
    case "$argument" in
        --no-build) build=0 ;;
        --release) configuration=release ;;
        *) echo "unknown argument: $argument" >&2; exit 2 ;;
    esac
done

DATA_DIR=${DATA_DIR:-./data}
HTTP_BASE=${HTTP_BASE:-8080}
BUS_BASE=${BUS_BASE:-7080}
REPLAY_BASE=${REPLAY_BASE:-7180}
LOG_LEVEL=${LOG_LEVEL:-info}
services=(ingest indicators manifests emergency notifier)

if [ "$build" = 1 ]; then
    Deploy/local/install-prerequisites.sh
    swift build -c "$configuration"
fi
bin=${GREENHEART_BIN_DIR:-$(swift build -c "$configuration" --show-bin-path)}

endpoint() { echo "tcp://127.0.0.1:$(( $1 + $2 ))"; }
index_of() { local i=1; for s in "${services[@]}"; do [ "$s" = "$1" ] && echo $i && return; i=$((i + 1)); done; }
upstream() { local i; i=$(index_of "$1"); echo "$(endpoint "$BUS_BASE" "$i")|$(endpoint "$REPLAY_BASE" "$i")"; }

# Who listens to whom, as in the design: the same defaults the services embed, shifted to the bases.
declare -A upstreams=(
    [indicators]="$(upstream ingest),$(upstream manifests)"
    [emergency]="$(upstream indicators),$(upstream manifests)"
    [notifier]="$(upstream emergency),$(upstream manifests),$(upstream indicators)"
)

pids=()
names=()
stop_all() {
    trap - INT TERM
    echo "greenheart: stopping ${#pids[@]} services" >&2
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
}
trap stop_all INT TERM

i=1
for service in "${services[@]}"; do
    mkdir -p "$DATA_DIR/$service"
    extra=()
    if [ -n "${upstreams[$service]:-}" ]; then extra+=("BUS_SUBSCRIBE_UPSTREAMS=${upstreams[$service]}"); fi
    env DATA_DIRECTORY="$DATA_DIR/$service" HTTP_PORT=$((HTTP_BASE + i)) \
        BUS_PUBLISH_ENDPOINT="$(endpoint "$BUS_BASE" "$i")" BUS_REPLAY_ENDPOINT="$(endpoint "$REPLAY_BASE" "$i")" \
        LOG_LEVEL="$LOG_LEVEL" "${extra[@]}" \
        "$bin/$service" > >(sed -u "s/^/[$service] /" >&2) 2>&1 &
    pids+=($!)
    names+=("$service")
    echo "greenheart: $service on http://127.0.0.1:$((HTTP_BASE + i)) (bus $(endpoint "$BUS_BASE" "$i"))" >&2
    i=$((i + 1))
done
echo "greenheart: all services started; health at http://127.0.0.1:$((HTTP_BASE + 1))/healthz … :$((HTTP_BASE + 5)); Ctrl-C stops" >&2

status=0
for index in "${!pids[@]}"; do
    if wait "${pids[$index]}"; then
        code=0
    else
        code=$?
    fi
    # A signal that arrives while waiting interrupts `wait` with 128+n; wait again for the real exit.
    while kill -0 "${pids[$index]}" 2>/dev/null; do
        if wait "${pids[$index]}"; then code=0; else code=$?; fi
    done
    echo "greenheart: ${names[$index]} exited with status $code" >&2
    if [ "$code" != 0 ]; then status=1; fi
    if [ ${#pids[@]} -gt 0 ] && [ "$code" != 0 ]; then stop_all; fi
done
exit $status
