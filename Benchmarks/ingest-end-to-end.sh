#!/usr/bin/env bash
# End-to-end ingest throughput: simulated HJ 212 stations → TCP → SQLite → bus relay, on release
# builds, each round right after a raw SQLite insert run so both see the same machine load.
#
#   Benchmarks/ingest-end-to-end.sh        (STATIONS=200 HOURS=150 ROUNDS=3 by default: 30,000 uploads)
#
# Each round starts a fresh ingest, registers the stations and sends one warm-up hour (not timed),
# then times HOURS further hours per station from the first upload until the bus relay has
# published the last committed event. The loop is closed — every device waits for its 9014 before
# sending the next hour, as real ones do — so with few stations the figure is the round trip, not
# what ingest can take; a city's few hundred devices keep it busy.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product ingest >/dev/null 2>&1
swift build -c release --product greenheart >/dev/null 2>&1
bin=$(swift build -c release --show-bin-path)
stations=${STATIONS:-200}
hours=${HOURS:-150}
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()'; }
count_readings() { python3 -c "import sqlite3;print(sqlite3.connect('$1/ingest.sqlite').execute('select count(*) from reading').fetchone()[0])"; }
pid=""
data=""
cleanup() {
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
    if [ -n "$data" ]; then rm -rf "$data"; fi
    pid=""
    data=""
}
trap cleanup EXIT
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $stations stations × $hours hourly uploads"
ratios=()
for round in $(seq 1 "${ROUNDS:-3}"); do
    raw=$("$bin/greenheart" bench sqlite --rows 50000 | awk '/inserts\/s/ {gsub(",", "", $1); print $1}')
    http=$(free_port); hj212=$(free_port); pub=$(free_port); replay=$(free_port)
    data=$(mktemp -d /tmp/greenheart-ingest-bench-XXXX)
    HTTP_PORT=$http HJ212_PORT=$hj212 BUS_PUBLISH_ENDPOINT=tcp://127.0.0.1:$pub BUS_REPLAY_ENDPOINT=tcp://127.0.0.1:$replay \
        DATA_DIRECTORY=$data LOG_LEVEL=error "$bin/ingest" 2>/dev/null &
    pid=$!
    for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$http/readyz" >/dev/null && break; sleep 0.1; done
    simulate=("$bin/greenheart" simulate --stations "$stations" --rate 0 --target "127.0.0.1:$hj212"
        --api "http://127.0.0.1:$http" --prefix BEN)
    "${simulate[@]}" --hours 1 --start 2024030100 >/dev/null
    before=$(count_readings "$data")
    start=$(date +%s.%N)
    "${simulate[@]}" --skip-registry --hours "$hours" --start 2024030101 >/dev/null
    for _ in $(seq 1 600); do
        status=$(curl -s -H 'Authorization: Bearer dev-bureau' "http://127.0.0.1:$http/v1/bus/status")
        latest=$(grep -o '"latestSequence":[0-9]*' <<<"$status" | cut -d: -f2)
        published=$(grep -o '"publishedThrough":[0-9]*' <<<"$status" | cut -d: -f2)
        [ -n "$latest" ] && [ "$latest" = "$published" ] && break
        sleep 0.01
    done
    end=$(date +%s.%N)
    readings=$(( $(count_readings "$data") - before ))
    rate=$(python3 -c "print(round($readings / ($end - $start)))")
    ratio=$(python3 -c "print(f'{$rate / $raw:.2f}')")
    ratios+=("$ratio")
    printf 'round %d: raw SQLite %s inserts/s (one row per transaction); ingest end to end (TCP → SQLite → bus) %s readings in %.2f s: %s readings/s; ratio %s\n' \
        "$round" "$raw" "$readings" "$(python3 -c "print($end - $start)")" "$rate" "$ratio"
    cleanup
done
python3 -c "import statistics,sys; print(f'median ratio ingest end to end / raw SQLite: {statistics.median(map(float, sys.argv[1:])):.2f} (target ≥ 0.60)')" "${ratios[@]}"
"$bin/greenheart" bench sqlite --rows 200000 --batch 1000
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
