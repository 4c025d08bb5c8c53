#!/usr/bin/env python3
"""Checks a rendered per-department overlay of Deploy/k8s (multi-document YAML on stdin) against what
the deployment promises: for the department named on the command line, one StatefulSet per service
with its own volume claim, probes on /healthz and /readyz, a headless Service for the bus ports and
a Service for HTTP, settings from the department's ConfigMap, secrets from its Secret (emergency and
the notifier also the shared acknowledgement-link key), the notifier's link base URLs, no secret as
a plain env value, every `$(VAR)` in an env value defined where Kubernetes expands it, non-root.

    python3 Deploy/check/check_k8s.py DEPARTMENT < rendered.yaml
"""
import json
import re
import sys

import yaml

department = sys.argv[1]
objects = [doc for doc in yaml.safe_load_all(sys.stdin) if doc]
problems = []


def check(condition, message):
    if not condition:
        problems.append(message)


namespace = f"greenheart-{department}"
# Settings that are secrets: files from Secret greenheart-bus, never env values.
SECRET_VARIABLES = ["BUS_CURVE_SECRET_KEY", "AUTH_TOKENS", "ACK_LINK_SECRET", "NOTIFIER_SMTP_PASSWORD"]
expected = ["ingest", "indicators", "manifests", "emergency", "notifier"] if department == "bureau" else ["notifier"]
by_kind = {}
for obj in objects:
    by_kind.setdefault(obj["kind"], {})[obj["metadata"]["name"]] = obj
    if obj["kind"] != "Namespace":
        check(obj["metadata"].get("namespace") == namespace, f"{obj['kind']}/{obj['metadata']['name']}: not in {namespace}")
    check(obj["metadata"].get("labels", {}).get("greenheart.city/department") == department,
          f"{obj['kind']}/{obj['metadata']['name']}: no department label")

check(namespace in by_kind.get("Namespace", {}), f"namespace {namespace} is not part of the overlay")
check(sorted(by_kind.get("StatefulSet", {})) == sorted(expected), f"StatefulSets {sorted(by_kind.get('StatefulSet', {}))}, expected {expected}")
config = by_kind.get("ConfigMap", {}).get("greenheart-config", {}).get("data", {})
services = by_kind.get("Service", {})

for name in expected:
    sts = by_kind.get("StatefulSet", {}).get(name)
    if not sts:
        continue
    spec = sts["spec"]
    pod = spec["template"]["spec"]
    container = pod["containers"][0]
    check(spec.get("replicas") == 1, f"{name}: one store, so one replica")
    claims = [c["metadata"]["name"] for c in spec.get("volumeClaimTemplates", [])]
    mounts = {m["name"]: m["mountPath"] for m in container.get("volumeMounts", [])}
    check("data" in claims and mounts.get("data") == "/var/lib/greenheart", f"{name}: store not on its own volume claim")
    check(container.get("livenessProbe", {}).get("httpGet", {}).get("path") == "/healthz", f"{name}: liveness probe not /healthz")
    check(container.get("readinessProbe", {}).get("httpGet", {}).get("path") == "/readyz", f"{name}: readiness probe not /readyz")
    ports = {p["name"]: p["containerPort"] for p in container.get("ports", [])}
    check(set(ports) == {"http", "bus-publish", "bus-replay"}, f"{name}: ports {sorted(ports)}")
    bus = services.get(spec.get("serviceName", ""), {})
    check(bus.get("spec", {}).get("clusterIP") == "None", f"{name}: governing Service {spec.get('serviceName')} is not headless")
    check({p["name"] for p in bus.get("spec", {}).get("ports", [])} == {"bus-publish", "bus-replay"}, f"{name}: bus Service ports")
    http = services.get(name, {})
    check([p["name"] for p in http.get("spec", {}).get("ports", [])] == ["http"], f"{name}: no HTTP Service")
    for service in (bus, http):
        check(service.get("spec", {}).get("selector") == spec["selector"]["matchLabels"], f"{name}: Service selector differs")
    env = {e["name"]: e for e in container.get("env", [])}
    config_file = env.get("GREENHEART_CONFIG", {}).get("value", "").rpartition("/")[2]
    check(config_file in config, f"{name}: {config_file} is not in ConfigMap greenheart-config")
    if config_file in config:
        settings = json.loads(config[config_file])
        check(settings.get("http", {}).get("port") == ports.get("http"), f"{name}: configured HTTP port differs from the container's")
        if name == "notifier":
            check(settings.get("notifier", {}).get("department") == department, f"{name}: settings of another department")
    secrets_directory = env.get("GREENHEART_SECRETS_DIRECTORY", {}).get("value", "")
    secret_files = {m["mountPath"]: m.get("subPath") for m in container.get("volumeMounts", []) if m["name"] == "secrets"}
    # One regular file per key (subPath): the services skip the symlinks of a whole Secret volume.
    keys = ["bus-curve-secretKey", "auth-tokens"]
    if name in ("emergency", "notifier"):
        keys.append("ack-link-secret")  # the notifier signs acknowledgement links, emergency checks them
    check(secret_files == {f"{secrets_directory}/{key}": key for key in keys},
          f"{name}: secrets {sorted(secret_files.values())} not mounted as files where read, expected {keys}")
    for variable in SECRET_VARIABLES:
        check(variable not in env, f"{name}: secret {variable} as a plain env value")
    if name == "notifier":
        for variable in ("ACK_LINK_BASE_URL", "NOTIFIER_PUBLIC_BASE_URL"):
            value = env.get(variable, {}).get("value", "")
            check(value.startswith(("http://", "https://")), f"{name}: {variable} is not an http(s) URL: {value!r}")
    # `$(VAR)` expands from envFrom (the public keys) or from entries earlier in the list; else it
    # stays as it is written.
    defined = {"CURVE_PUBLIC_" + d.upper() for d in ["bureau", "emergency", "transport", "police", "health", "water"]}
    for entry in container.get("env", []):
        for reference in re.findall(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)", entry.get("value", "")):
            check(reference in defined, f"{name}: {entry['name']} uses $({reference}), not defined before it")
        defined.add(entry["name"])
    secret_volumes = [v for v in pod.get("volumes", []) if "secret" in v]
    check([v["secret"]["secretName"] for v in secret_volumes] == ["greenheart-bus"], f"{name}: secrets not from Secret greenheart-bus")
    check("BUS_CURVE_ALLOW" in env, f"{name}: publisher without an allow-list")
    # `$(CURVE_PUBLIC_…)` expands only from variables defined before the entry, or from envFrom.
    check(container.get("envFrom") == [{"configMapRef": {"name": "greenheart-bus-keys"}}],
          f"{name}: public keys not from ConfigMap greenheart-bus-keys through envFrom")
    check(not any(e["name"].startswith("CURVE_PUBLIC_") for e in container.get("env", [])),
          f"{name}: a public key defined in env, where expanding it depends on the list's order")
    check(pod.get("securityContext", {}).get("runAsNonRoot") is True, f"{name}: may run as root")

if problems:
    print("\n".join(problems))
    sys.exit(1)
print(f"k8s {department}: {len(objects)} objects, {len(expected)} StatefulSets: ok")
