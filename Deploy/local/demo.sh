#!/usr/bin/env bash
# Plays the Greenheart demo: starts every service with demo settings and a local notification sink,
# runs `greenheart demo` (a scripted scenario, each step checked), then stops everything.
#
#   Deploy/local/demo.sh [--no-build] [--release]
#
# Environment (all optional; the defaults leave `make run`'s ports alone):
#   DEMO_DIR      the demo's data, logs, mailbox and webhook log; emptied first (default ./data/demo)
#   HTTP_BASE     service i (ingest=1 … notifier=5) serves HTTP on HTTP_BASE+i   (default 8180)
#   BUS_BASE, REPLAY_BASE   bus ports, likewise                               (default 7280, 7380)
#   HJ212_PORT    ingest's HJ 212 port                                         (default 9213)
#   SMTP_PORT     the sink's SMTP port, where the notifier sends e-mail         (default 2525)
#   WEBHOOK_PORT  the sink's HTTP port, where the notifier posts webhooks       (default 8190)
#   DEMO_DAY_SECONDS  wall-clock seconds per simulated day of station data      (default 10)
#   GREENHEART_BIN_DIR  where the built executables are (default: swift build's bin path)
#
# Exits with the demo's status: 0 when every step was checked, 1 naming the step that failed.
# Nothing is left running, also when interrupted.
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

DEMO_DIR=${DEMO_DIR:-./data/demo}
HTTP_BASE=${HTTP_BASE:-8180}
BUS_BASE=${BUS_BASE:-7280}
REPLAY_BASE=${REPLAY_BASE:-7380}
HJ212_PORT=${HJ212_PORT:-9213}
SMTP_PORT=${SMTP_PORT:-2525}
WEBHOOK_PORT=${WEBHOOK_PORT:-8190}

if [ "$build" = 1 ]; then
    Deploy/local/install-prerequisites.sh
    swift build -c "$configuration"
fi
bin=${GREENHEART_BIN_DIR:-$(swift build -c "$configuration" --show-bin-path)}

# A fresh start every time, but never empty a directory the demo did not make.
if [ -e "$DEMO_DIR" ] && [ ! -e "$DEMO_DIR/.greenheart-demo" ] && [ -n "$(ls -A "$DEMO_DIR")" ]; then
    echo "demo: $DEMO_DIR exists and is not a demo directory; set DEMO_DIR elsewhere" >&2
    exit 2
fi
rm -rf "$DEMO_DIR"
mkdir -p "$DEMO_DIR/logs" "$DEMO_DIR/sink"
touch "$DEMO_DIR/.greenheart-demo"
DEMO_DIR=$(cd "$DEMO_DIR" && pwd)
mailbox="$DEMO_DIR/sink/mailbox.mbox"
webhooks="$DEMO_DIR/sink/webhooks.jsonl"

# Who hears what: the notifier's directory, every department's duty channel pointing at the sink.
cat >"$DEMO_DIR/directory.json" <<JSON
{
  "departments": [
    {
      "id": "bureau", "name": "株洲市生态环境局",
      "contacts": [{ "name": "值班室", "role": "duty officer", "email": "duty@sthjj.zhuzhou.example" }],
      "channels": [
        { "id": "bureau-email", "kind": "email", "target": "duty@sthjj.zhuzhou.example" },
        { "id": "bureau-webhook", "kind": "webhook", "target": "http://127.0.0.1:$WEBHOOK_PORT/hooks/bureau" }
      ],
      "subscriptions": [
        { "id": "bureau-incidents-email", "channel": "bureau-email", "topicPrefix": "emergency.incident." },
        { "id": "bureau-incidents-webhook", "channel": "bureau-webhook", "topicPrefix": "emergency.incident." }
      ]
    },
    {
      "id": "emergency", "name": "株洲市应急管理局",
      "channels": [{ "id": "emergency-webhook", "kind": "webhook", "target": "http://127.0.0.1:$WEBHOOK_PORT/hooks/emergency" }],
      "subscriptions": [{ "id": "emergency-incidents", "channel": "emergency-webhook", "topicPrefix": "emergency.incident." }]
    },
    {
      "id": "water", "name": "株洲市水利局",
      "channels": [{ "id": "water-email", "kind": "email", "target": "duty@slj.zhuzhou.example" }],
      "subscriptions": [
        { "id": "water-sources", "channel": "water-email", "topicPrefix": "emergency.incident.", "types": ["drinking_water_source"] }
      ]
    },
    {
      "id": "health", "name": "株洲市卫生健康委员会",
      "channels": [{ "id": "health-email", "kind": "email", "target": "duty@wjw.zhuzhou.example" }],
      "subscriptions": [{ "id": "health-incidents", "channel": "health-email", "topicPrefix": "emergency.incident." }]
    },
    {
      "id": "transport", "name": "株洲市交通运输局",
      "channels": [{ "id": "transport-email", "kind": "email", "target": "duty@jtj.zhuzhou.example" }],
      "subscriptions": [{ "id": "transport-incidents", "channel": "transport-email", "topicPrefix": "emergency.incident." }]
    },
    {
      "id": "police", "name": "株洲市公安局",
      "channels": [{ "id": "police-email", "kind": "email", "target": "duty@gaj.zhuzhou.example" }],
      "subscriptions": [{ "id": "police-incidents", "channel": "police-email", "topicPrefix": "emergency.incident." }]
    }
  ]
}
JSON

sink=""
services=""
demo=""
cleanup() {
    trap - EXIT INT TERM
    if [ -n "$demo" ]; then kill -TERM "$demo" 2>/dev/null || true; wait "$demo" 2>/dev/null || true; fi
    if [ -n "$services" ]; then kill -TERM "$services" 2>/dev/null || true; wait "$services" 2>/dev/null || true; fi
    if [ -n "$sink" ]; then kill -TERM "$sink" 2>/dev/null || true; wait "$sink" 2>/dev/null || true; fi
}
trap cleanup EXIT
trap 'echo "demo: interrupted; stopping everything" >&2; cleanup; exit 130' INT
trap 'echo "demo: terminated; stopping everything" >&2; cleanup; exit 143' TERM

echo "demo: starting the sink and the five services (logs in $DEMO_DIR/logs)"
"$bin/greenheart" sink --smtp-port "$SMTP_PORT" --http-port "$WEBHOOK_PORT" --mailbox "$mailbox" \
    --webhook-log "$webhooks" >"$DEMO_DIR/logs/sink.log" 2>&1 &
sink=$!
for _ in $(seq 1 100); do
    if grep -q "sink: webhooks on" "$DEMO_DIR/logs/sink.log" 2>/dev/null && grep -q "sink: SMTP on" "$DEMO_DIR/logs/sink.log"; then
        break
    fi
    if ! kill -0 "$sink" 2>/dev/null; then
        echo "demo: the sink did not start (ports $SMTP_PORT and $WEBHOOK_PORT free?):" >&2
        cat "$DEMO_DIR/logs/sink.log" >&2
        exit 1
    fi
    sleep 0.1
done

# The demo's settings, real keys of the services (see each service's README): the notifier's
# directory and relay, a quick delivery loop, and a manifests anomaly scan every 2 s (default 60 s).
env DATA_DIR="$DEMO_DIR" HTTP_BASE="$HTTP_BASE" BUS_BASE="$BUS_BASE" REPLAY_BASE="$REPLAY_BASE" HJ212_PORT="$HJ212_PORT" \
    GREENHEART_BIN_DIR="$bin" NOTIFIER_DIRECTORY_FILE="$DEMO_DIR/directory.json" NOTIFIER_SMTP_HOST=127.0.0.1 \
    NOTIFIER_SMTP_PORT="$SMTP_PORT" NOTIFIER_DELIVERY_MILLISECONDS=250 MANIFESTS_ANOMALY_SCAN_SECONDS=2 \
    Deploy/local/run.sh --no-build --no-simulate >"$DEMO_DIR/logs/run.log" 2>&1 &
services=$!

# In the background and waited for, so Ctrl-C reaches the trap at once.
"$bin/greenheart" demo --http-base "$HTTP_BASE" --hj212-port "$HJ212_PORT" --mailbox "$mailbox" \
    --webhook-log "$webhooks" --day-seconds "${DEMO_DAY_SECONDS:-10}" &
demo=$!
status=0
wait "$demo" || status=$?
demo=""
echo "demo: stopping everything"
cleanup
if [ "$status" = 0 ]; then
    echo "demo: the e-mails are in $mailbox, the webhooks in $webhooks, the services' logs in $DEMO_DIR/logs"
else
    echo "demo: failed (status $status); the services' logs are in $DEMO_DIR/logs" >&2
fi
exit "$status"
