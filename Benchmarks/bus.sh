#!/usr/bin/env bash
# The durable bus path against raw SQLite and raw libzmq, measured in the same run: ROUNDS rounds
# (default 3), each a raw SQLite insert run (one row per transaction) right before a bus run, so
# both see the same machine load. Prints every round and the median of the per-round ratios.
#
#   Benchmarks/bus.sh            ROUNDS=5 EVENTS=50000 Benchmarks/bus.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product greenheart >/dev/null 2>&1
greenheart="$(swift build -c release --show-bin-path)/greenheart"
rounds=${ROUNDS:-3}
events=${EVENTS:-30000}
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$greenheart" bench zmq
ratios=()
for round in $(seq 1 "$rounds"); do
    raw=$("$greenheart" bench sqlite --rows 50000 | awk '/inserts\/s/ {gsub(",", "", $1); print $1}')
    bus_output=$("$greenheart" bench bus --events "$events" 2>/dev/null)
    bus=$(echo "$bus_output" | awk '/throughput/ {gsub(",", "", $2); print $2}')
    latency=$(echo "$bus_output" | awk '/latency/ {sub(/,$/, "", $7); print "latency", $3, $4, $5, $6, $7, $8}')
    ratio=$(python3 -c "print(f'{$bus / $raw:.2f}')")
    ratios+=("$ratio")
    printf 'round %d: raw SQLite %s inserts/s, durable bus %s events/s (%s), ratio %s\n' \
        "$round" "$raw" "$bus" "$latency" "$ratio"
done
python3 -c "import statistics,sys; print(f'median ratio durable bus / raw SQLite: {statistics.median(map(float, sys.argv[1:])):.2f} (target ≥ 0.50)')" "${ratios[@]}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
