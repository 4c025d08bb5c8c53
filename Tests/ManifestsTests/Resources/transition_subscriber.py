"""A department's own system, standing in: a plain pyzmq subscriber to `waste.` that, when told to
stop, fills any gap through the publisher's documented replay protocol and writes what it saw.

usage: transition_subscriber.py PUBLISH_ENDPOINT REPLAY_ENDPOINT OUTPUT_JSON STOP_FILE READY_FILE
"""
import json
import os
import sys
import time
import uuid

import zmq


def main():
    publish, replay, output, stop_file, ready_file = sys.argv[1:6]
    context = zmq.Context()
    sub = context.socket(zmq.SUB)
    sub.setsockopt(zmq.RCVHWM, 0)
    sub.setsockopt(zmq.SUBSCRIBE, b"waste.")
    sub.connect(publish)
    with open(ready_file, "w") as handle:
        handle.write("ready")

    seen = {}
    live_messages = 0

    def record(topic, envelope, payload):
        env = json.loads(envelope)
        body = json.loads(payload)
        manifest = body.get("manifest", {})
        seen.setdefault(env["id"], {
            "id": env["id"],
            "topic": topic.decode(),
            "sequence": env["sequence"],
            "number": manifest.get("number"),
        })

    poller = zmq.Poller()
    poller.register(sub, zmq.POLLIN)
    while not os.path.exists(stop_file):
        if poller.poll(100):
            while True:
                try:
                    frames = sub.recv_multipart(zmq.NOBLOCK)
                except zmq.Again:
                    break
                if len(frames) == 3:
                    live_messages += 1
                    record(*frames)
    live_unique = len(seen)

    # Fill gaps: REPLAY from the first sequence until the answer reaches the latest.
    dealer = context.socket(zmq.DEALER)
    dealer.connect(replay)
    start = 1
    replayed = 0
    while True:
        request = str(uuid.uuid4())
        body = {"request": request, "from": start, "limit": 1000, "prefixes": ["waste."]}
        dealer.send_multipart([b"REPLAY", json.dumps(body).encode()])
        end = None
        deadline = time.time() + 30
        while end is None:
            if time.time() > deadline:
                raise SystemExit("replay timed out")
            if not dealer.poll(1000):
                continue
            frames = dealer.recv_multipart()
            kind = frames[0].decode()
            if kind == "EVENT" and frames[1].decode() == request:
                replayed += 1
                record(frames[2], frames[3], frames[4])
            elif kind == "END":
                answer = json.loads(frames[1])
                if answer.get("request") == request:
                    end = answer
            elif kind == "ERROR":
                raise SystemExit("replay refused: " + frames[1].decode())
        if end["through"] >= end["latest"]:
            break
        start = end["through"] + 1

    with open(output, "w") as handle:
        json.dump({
            "liveMessages": live_messages,
            "liveUnique": live_unique,
            "replayed": replayed,
            "events": list(seen.values()),
        }, handle)
    sub.close(0)
    dealer.close(0)
    context.term()


if __name__ == "__main__":
    main()
