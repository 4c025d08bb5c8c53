#!/usr/bin/env bash
# Starts every Greenheart service on this machine, on loopback, with embedded defaults, plus the
# station simulator feeding them live HJ 212 data, and prints where to look.
#
#   Deploy/local/run.sh [--no-build] [--release] [--no-simulate]
#
# Environment (all optional):
#   DATA_DIR      where each service keeps its SQLite file, and logs/ (default ./data)
#   HTTP_BASE     service i (ingest=1 … notifier=5) serves HTTP on HTTP_BASE+i   (default 8080)
#   BUS_BASE      … publishes on tcp://127.0.0.1:BUS_BASE+i                      (default 7080)
#   REPLAY_BASE   … answers replay requests on tcp://127.0.0.1:REPLAY_BASE+i     (default 7180)
#   HJ212_PORT    ingest's HJ 212 device listener (default 9212)
#   SIMULATE_STATIONS  simulated stations: air, water and flue gas in turn (default 6)
#   LOG_LEVEL     trace|debug|info|notice|warning|error (default info)
#   GREENHEART_BIN_DIR  where the built executables are (default: swift build's bin path)
#
# Each service and the simulator log to DATA_DIR/logs/<name>.log. Ctrl-C (or SIGTERM) stops
# everything gracefully; the script exits 0 only if every service exited 0. Nothing is left running.
set -euo pipefail
cd "$(dirname "$0")/../.."

build=1
simulate=1
configuration=debug
for argument in "$@"; do
    case "$argument" in
        --no-build) build=0 ;;
        --release) configuration=release ;;
        --no-simulate) simulate=0 ;;
        *) echo "unknown argument: $argument" >&2; exit 2 ;;
    esac
done

DATA_DIR=${DATA_DIR:-./data}
HTTP_BASE=${HTTP_BASE:-8080}
BUS_BASE=${BUS_BASE:-7080}
REPLAY_BASE=${REPLAY_BASE:-7180}
HJ212_PORT=${HJ212_PORT:-9212}
SIMULATE_STATIONS=${SIMULATE_STATIONS:-6}
LOG_LEVEL=${LOG_LEVEL:-info}
services=(ingest indicators manifests emergency notifier)

if [ "$build" = 1 ]; then
    Deploy/local/install-prerequisites.sh
    swift build -c "$configuration"
fi
bin=${GREENHEART_BIN_DIR:-$(swift build -c "$configuration" --show-bin-path)}
logs="$DATA_DIR/logs"
mkdir -p "$logs"

endpoint() { echo "tcp://127.0.0.1:$(( $1 + $2 ))"; }
index_of() { local i=1; for s in "${services[@]}"; do [ "$s" = "$1" ] && echo $i && return; i=$((i + 1)); done; }
upstream() { local i; i=$(index_of "$1"); echo "$(endpoint "$BUS_BASE" "$i")|$(endpoint "$REPLAY_BASE" "$i")"; }
http() { echo "http://127.0.0.1:$((HTTP_BASE + $(index_of "$1")))"; }

# Who listens to whom, as in the design: the same defaults the services embed, shifted to the bases.
declare -A upstreams=(
    [indicators]="$(upstream ingest),$(upstream manifests)"
    [emergency]="$(upstream indicators),$(upstream manifests)"
    [notifier]="$(upstream emergency),$(upstream manifests),$(upstream indicators)"
)

pids=()
names=()
simulator=""
stopping=0
stop_all() {
    trap - INT TERM
    stopping=1
    echo "greenheart: stopping ${#pids[@]} services" >&2
    if [ -n "$simulator" ]; then kill -TERM "$simulator" 2>/dev/null || true; fi
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
        HJ212_PORT="$HJ212_PORT" LOG_LEVEL="$LOG_LEVEL" "${extra[@]}" \
        "$bin/$service" >>"$logs/$service.log" 2>&1 &
    pids+=($!)
    names+=("$service")
    echo "greenheart: $service on http://127.0.0.1:$((HTTP_BASE + i)) (bus $(endpoint "$BUS_BASE" "$i")), log $logs/$service.log" >&2
    i=$((i + 1))
done

# Whether GET /healthz on 127.0.0.1:$1 answers 200 (curl, or bash's /dev/tcp where curl is missing).
healthy_now() {
    if command -v curl >/dev/null 2>&1; then
        curl -fsS -o /dev/null --max-time 1 "http://127.0.0.1:$1/healthz" 2>/dev/null
    else
        (exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'GET /healthz HTTP/1.0\r\n\r\n' >&3 && head -n 1 <&3 | grep -q ' 200') 2>/dev/null
    fi
}

# Every /healthz answering 200 (up to 30 s), then the simulator, then where to look.
healthy=1
for service in "${services[@]}"; do
    for _ in $(seq 1 300); do
        if healthy_now "$((HTTP_BASE + $(index_of "$service")))"; then continue 2; fi
        sleep 0.1
    done
    healthy=0
    echo "greenheart: $service did not answer $(http "$service")/healthz within 30 s; see $logs/$service.log" >&2
done

if [ "$simulate" = 1 ] && [ "$healthy" = 1 ] && [ "$stopping" = 0 ]; then
    "$bin/greenheart" simulate --live --stations "$SIMULATE_STATIONS" --hours 24 --rate 0 \
        --target "127.0.0.1:$HJ212_PORT" --api "$(http ingest)" --token dev-bureau >>"$logs/simulator.log" 2>&1 &
    simulator=$!
fi

token="Authorization: Bearer dev-bureau"
cat <<INFO
greenheart: running. Where to look (development token: -H '$token'; others dev-emergency, dev-water, …):
  health       $(http ingest)/healthz … $(http notifier)/healthz (also /readyz, /metrics)
  stations     curl -H '$token' $(http ingest)/v1/stations
  city AQI     curl -H '$token' '$(http indicators)/v1/aqi/city?report=hourly'
  station AQI  curl -H '$token' '$(http indicators)/v1/aqi?station=SIMA00000'
  breaches     curl -H '$token' '$(http indicators)/v1/breaches?open=true'
  manifests    curl -H '$token' $(http manifests)/v1/manifests
  incidents    curl -H '$token' $(http emergency)/v1/incidents
  deliveries   curl -H '$token' $(http notifier)/v1/deliveries
  CAP feed     curl -H '$token' $(http notifier)/v1/cap/feed
  the bus      $bin/greenheart bus tail --endpoint $(endpoint "$BUS_BASE" 1)
  HJ 212       tcp 127.0.0.1:$HJ212_PORT
  logs         tail -f $logs/*.log
INFO
if [ -n "$simulator" ]; then
    echo "  simulator    $SIMULATE_STATIONS stations (SIM…): the 24 hours ending now, then every hour as it ends; log $logs/simulator.log"
fi
echo "Ctrl-C stops everything."

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
    if [ "$code" != 0 ]; then
        status=1
        tail -n 20 "$logs/${names[$index]}.log" | sed "s/^/[${names[$index]}] /" >&2
        stop_all
    fi
done
if [ -n "$simulator" ]; then
    kill -TERM "$simulator" 2>/dev/null || true
    wait "$simulator" 2>/dev/null || true
fi
exit $status
