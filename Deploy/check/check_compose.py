#!/usr/bin/env python3
"""Checks the rendered compose file (the output of `docker-compose config`, on stdin) against what
the deployment promises: one container per service per department, each department's part in its
own profile, every store on its own named volume, health checks on /healthz, non-secret settings
from Deploy/config/<department>/, CURVE secret keys as compose secrets, and an allow-list on every
publisher; emergency and every notifier with the shared acknowledgement-link key, the notifiers with
their link base URLs; no secret as a plain environment value; every secret file present (the check
runs after Deploy/secrets/generate.sh). Prints what is wrong and exits 1, or prints a summary and
exits 0."""
import json
import os
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUREAU = ["ingest", "indicators", "manifests", "emergency"]
DEPARTMENTS = ["bureau", "emergency", "transport", "police", "health", "water"]
# Settings that are secrets: compose secrets in the secrets directory, never environment values.
SECRET_VARIABLES = ["BUS_CURVE_SECRET_KEY", "AUTH_TOKENS", "ACK_LINK_SECRET", "NOTIFIER_SMTP_PASSWORD"]

rendered = yaml.safe_load(sys.stdin)
services = rendered.get("services", {})
problems = []


def check(condition, message):
    if not condition:
        problems.append(message)


expected = {name: "bureau" for name in BUREAU}
expected.update({f"notifier-{d}": d for d in DEPARTMENTS})
check(set(services) == set(expected), f"services are {sorted(services)}, expected {sorted(expected)}")

volumes_used = {}
for name, department in expected.items():
    service = services.get(name)
    if service is None:
        continue
    profiles = service.get("profiles", [])
    check(department in profiles and "all" in profiles, f"{name}: profiles {profiles} lack {department} or all")
    check(len([p for p in profiles if p in DEPARTMENTS]) == 1, f"{name}: belongs to more than one department")
    executable = name.split("-")[0]
    check(service.get("build", {}).get("args", {}).get("EXECUTABLE") == executable,
          f"{name}: build arg EXECUTABLE is not {executable}")
    check(service.get("build", {}).get("dockerfile", "").endswith("Deploy/Dockerfile"), f"{name}: not built from Deploy/Dockerfile")
    test = " ".join(service.get("healthcheck", {}).get("test", []))
    check("/healthz" in test, f"{name}: no health check on /healthz")
    environment = service.get("environment", {})
    config = environment.get("GREENHEART_CONFIG", "")
    check(config.startswith("/etc/greenheart/"), f"{name}: GREENHEART_CONFIG not under /etc/greenheart")
    mounts = service.get("volumes", [])
    config_mount = [m for m in mounts if m.get("target") == "/etc/greenheart"]
    check(len(config_mount) == 1 and config_mount[0].get("source", "").endswith(f"Deploy/config/{department}")
          and config_mount[0].get("read_only"), f"{name}: configuration is not Deploy/config/{department}, read-only")
    config_file = os.path.join(ROOT, "Deploy", "config", department, os.path.basename(config))
    if not os.path.isfile(config_file):
        problems.append(f"{name}: {config_file} does not exist")
    else:
        settings = json.load(open(config_file))
        if executable == "notifier":
            check(settings.get("service", {}).get("source") == name, f"{name}: bus source is not {name}")
            check(settings.get("notifier", {}).get("department") == department, f"{name}: not {department}'s notifier")
        prefixes = settings.get("bus", {}).get("subscribe", {}).get("prefixes", [])
        check(("BUS_SUBSCRIBE_UPSTREAMS" in environment) == bool(prefixes), f"{name}: upstreams and prefixes disagree")
    data = [m for m in mounts if m.get("target") == "/var/lib/greenheart"]
    check(len(data) == 1 and data[0].get("type") == "volume", f"{name}: store is not on a named volume")
    if data:
        volumes_used.setdefault(data[0].get("source"), []).append(name)
    secrets = {s.get("target"): s.get("source") for s in service.get("secrets", [])}
    check(secrets.get("bus-curve-secretKey") == f"{department}-bus-curve-secret",
          f"{name}: CURVE secret key is not the {department} secret")
    check("auth-tokens" in secrets, f"{name}: no auth-tokens secret")
    check(environment.get("GREENHEART_SECRETS_DIRECTORY") == "/run/secrets", f"{name}: secrets directory not set")
    for variable in SECRET_VARIABLES:
        check(variable not in environment, f"{name}: secret {variable} as a plain environment value")
    if executable in ("emergency", "notifier"):
        # The notifiers sign acknowledgement links with the key emergency checks them with.
        check(secrets.get("ack-link-secret") == "ack-link-secret",
              f"{name}: no ack-link-secret secret (it would sign or check links with the development secret)")
    if executable == "notifier":
        for variable in ("ACK_LINK_BASE_URL", "NOTIFIER_PUBLIC_BASE_URL"):
            value = str(environment.get(variable, ""))
            check(value.startswith(("http://", "https://")), f"{name}: {variable} is not an http(s) URL: {value!r}")
    allow = environment.get("BUS_CURVE_ALLOW", "")
    check(allow.count("|") >= 2, f"{name}: publisher without an allow-list")
    for upstream in environment.get("BUS_SUBSCRIBE_UPSTREAMS", "").split(","):
        if upstream.strip():
            check(len(upstream.strip().split("|")) == 3, f"{name}: upstream without server key: {upstream.strip()}")

for volume, users in volumes_used.items():
    check(len(users) == 1, f"volume {volume} shared by {users}")
check(set(volumes_used) <= set(rendered.get("volumes", {})), "a store volume is not declared as a named volume")
for secret, spec in rendered.get("secrets", {}).items():
    check("file" in spec, f"secret {secret} is not file-based")
    if "file" in spec:
        path = os.path.join(ROOT, spec["file"])  # relative paths are the compose file's, in ROOT
        check(os.path.isfile(path), f"secret {secret}: {path} does not exist (Deploy/secrets/generate.sh makes it)")

if problems:
    print("\n".join(problems))
    sys.exit(1)
print(f"compose: {len(services)} services, {len(volumes_used)} volumes, {len(rendered.get('secrets', {}))} secrets: ok")
