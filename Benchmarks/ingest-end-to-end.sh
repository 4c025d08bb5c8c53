#!/usr/bin/env bash
# End-to-end ingest throughput: simulated HJ 212 stations → TCP → SQLite → bus relay, on release
# builds, then the raw SQLite insert rate measured in the same run for comparison.
#
#   Benchmarks/ingest-end-to-end.sh        (STATIONS=50 HOURS=200 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product ingest >/dev/null
swift build -c release --product greenheart >/dev/null
bin=$(swift build -c release --show-bin-path)
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()'; }
http=$(free_port); hj212=$(free_port); pub=$(free_port); replay=$(free_port)
data=$(mktemp -d /tmp/greenheart-ingest-bench-XXXX)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data"' EXIT
HTTP_PORT=$http HJ212_PORT=$hj212 BUS_PUBLISH_ENDPOINT=tcp://127.0.0.1:$pub BUS_REPLAY_ENDPOINT=tcp://127.0.0.1:$replay \
    DATA_DIRECTORY=$data LOG_LEVEL=error "$bin/ingest" 2>/dev/null &
pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$http/readyz" >/dev/null && break; sleep 0.1; done
start=$(date +%s.%N)
"$bin/greenheart" simulate --stations "${STATIONS:-50}" --hours "${HOURS:-200}" --rate 0 \
    --target "127.0.0.1:$hj212" --api "http://127.0.0.1:$http" --prefix BEN
# Done when the publisher has relayed every committed event.
for _ in $(seq 1 600); do
    backlog=$(curl -s -H 'Authorization: Bearer dev-bureau' "http://127.0.0.1:$http/v1/bus/status" |
        python3 -c 'import json,sys;d=json.load(sys.stdin);print(d["latestSequence"]-d["publishedThrough"])')
    [ "$backlog" = 0 ] && break
    sleep 0.05
done
end=$(date +%s.%N)
readings=$(python3 -c "import sqlite3;print(sqlite3.connect('$data/ingest.sqlite').execute('select count(*) from reading').fetchone()[0])")
python3 -c "print(f'ingest end to end (TCP → SQLite → bus): $readings readings in {($end-$start):.2f} s: {$readings/($end-$start):,.0f} readings/s')"
"$bin/greenheart" bench sqlite --rows 50000 --batch 1
"$bin/greenheart" bench sqlite --rows 200000 --batch 1000
