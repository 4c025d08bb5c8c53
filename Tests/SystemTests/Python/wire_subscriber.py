#!/usr/bin/env python3
"""An independent bus subscriber written only from docs/bus.md: pyzmq, no Greenheart code.

Usage: wire_subscriber.py ENDPOINT PREFIX COUNT
Prints "ready" once a heartbeat shows the subscription is live, then one JSON line per event
(topic, envelope fields, payload), then "done". Exits non-zero on any wire-format violation.
"""
import json
import sys

import zmq


def main() -> int:
    endpoint, prefix, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    context = zmq.Context()
    socket = context.socket(zmq.SUB)
    socket.setsockopt(zmq.LINGER, 0)
    socket.setsockopt(zmq.RCVTIMEO, 20000)
    socket.setsockopt_string(zmq.SUBSCRIBE, prefix)
    socket.setsockopt_string(zmq.SUBSCRIBE, "heartbeat.")
    socket.connect(endpoint)
    ready = False
    received = 0
    while received < count:
        frames = socket.recv_multipart()
        if len(frames) != 3:
            print(f"wrong frame count {len(frames)}", file=sys.stderr)
            return 2
        topic = frames[0].decode("utf-8")
        envelope = json.loads(frames[1])
        payload = json.loads(frames[2])
        for key in ("id", "source", "sequence", "type", "version", "time"):
            if key not in envelope:
                print(f"envelope lacks {key}: {envelope}", file=sys.stderr)
                return 3
        if not envelope["time"].endswith("Z"):
            print(f"time is not UTC: {envelope['time']}", file=sys.stderr)
            return 4
        if topic.startswith("heartbeat."):
            if envelope["type"] != "bus.heartbeat" or "latestSequence" not in payload:
                print(f"bad heartbeat {envelope} {payload}", file=sys.stderr)
                return 5
            if not ready:
                ready = True
                print("ready", flush=True)
            continue
        received += 1
        print(json.dumps({"topic": topic, "envelope": envelope, "payload": payload}), flush=True)
    print("done", flush=True)
    socket.close()
    context.term()
    return 0


if __name__ == "__main__":
    sys.exit(main())
