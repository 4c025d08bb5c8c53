#!/usr/bin/env python3
"""Renders a kustomization the way `kustomize build --load-restrictor LoadRestrictionsNone` does, for
the subset of kustomize that Deploy/k8s uses: `resources` (files and directories), `namespace`,
`labels` (without selectors), `configMapGenerator` with `files` and `generatorOptions.
disableNameSuffixHash: true`, `patches` given by `path` (strategic merge, matched by kind and name,
lists merged on Kubernetes' merge keys), and `images`. Anything else in a kustomization is an error,
so the check never passes on something it did not understand. Deploy/check/k8s.sh compares its output
with `kubectl kustomize` whenever kubectl is installed.

    python3 Deploy/check/kustomize.py DIRECTORY > rendered.yaml
"""
import os
import sys

import yaml

SUPPORTED = {
    "apiVersion", "kind", "resources", "namespace", "labels", "configMapGenerator", "generatorOptions", "images",
    "patches",
}
# The strategic-merge keys of the lists the manifests patch; any other list is replaced whole.
MERGE_KEYS = {
    "containers": "name", "initContainers": "name", "env": "name", "volumes": "name", "volumeMounts": "mountPath",
    "ports": "containerPort",
}
CLUSTER_SCOPED = {"Namespace", "ClusterRole", "ClusterRoleBinding", "PersistentVolume", "StorageClass"}


class Unsupported(Exception):
    pass


def build(directory):
    path = os.path.join(directory, "kustomization.yaml")
    with open(path) as handle:
        kustomization = yaml.safe_load(handle)
    unknown = set(kustomization) - SUPPORTED
    if unknown:
        raise Unsupported(f"{path}: unsupported fields {sorted(unknown)}")
    objects = []
    for resource in kustomization.get("resources", []):
        target = os.path.normpath(os.path.join(directory, resource))
        if os.path.isdir(target):
            objects.extend(build(target))
        else:
            with open(target) as handle:
                objects.extend(doc for doc in yaml.safe_load_all(handle) if doc)
    options = kustomization.get("generatorOptions", {})
    for generator in kustomization.get("configMapGenerator", []):
        if not options.get("disableNameSuffixHash"):
            raise Unsupported(f"{path}: configMapGenerator needs generatorOptions.disableNameSuffixHash: true")
        if set(generator) - {"name", "files"}:
            raise Unsupported(f"{path}: unsupported configMapGenerator fields {sorted(set(generator) - {'name', 'files'})}")
        data = {}
        for entry in generator.get("files", []):
            key, _, file = entry.rpartition("=") if "=" in entry else (None, None, entry)
            with open(os.path.normpath(os.path.join(directory, file))) as handle:
                data[key or os.path.basename(file)] = handle.read()
        objects.append({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": generator["name"]}, "data": data})
    for patch in kustomization.get("patches", []):
        if set(patch) != {"path"}:
            raise Unsupported(f"{path}: only patches given by path are supported")
        with open(os.path.normpath(os.path.join(directory, patch["path"]))) as handle:
            for document in (doc for doc in yaml.safe_load_all(handle) if doc):
                targets = [o for o in objects if o.get("kind") == document.get("kind")
                           and o.get("metadata", {}).get("name") == document.get("metadata", {}).get("name")]
                if len(targets) != 1:
                    raise Unsupported(f"{path}: patch {patch['path']} matches {len(targets)} objects")
                merge(targets[0], document)
    for image in kustomization.get("images", []):
        for obj in objects:
            for container in containers(obj):
                name, _, tag = container.get("image", "").partition(":")
                if name == image["name"]:
                    container["image"] = f"{image.get('newName', name)}:{image.get('newTag', tag or 'latest')}"
    for entry in kustomization.get("labels", []):
        if entry.get("includeSelectors") or entry.get("includeTemplates"):
            raise Unsupported(f"{path}: labels with selectors or templates are not supported")
        for obj in objects:
            obj.setdefault("metadata", {}).setdefault("labels", {}).update(entry.get("pairs", {}))
    namespace = kustomization.get("namespace")
    if namespace:
        for obj in objects:
            if obj.get("kind") not in CLUSTER_SCOPED:
                obj.setdefault("metadata", {})["namespace"] = namespace
    return objects


def merge(target, patch, key=None):
    """Strategic merge of `patch` into `target` (dicts recursively, keyed lists by their merge key)."""
    for field, value in patch.items():
        if isinstance(value, dict) and isinstance(target.get(field), dict):
            merge(target[field], value)
        elif isinstance(value, list) and field in MERGE_KEYS and isinstance(target.get(field), list):
            # As kustomize does: the patch's items first, in its order, then the untouched ones.
            merge_key = MERGE_KEYS[field]
            patched = []
            for item in value:
                existing = [t for t in target[field] if t.get(merge_key) == item.get(merge_key)]
                if existing:
                    merge(existing[0], item)
                    patched.append(existing[0])
                else:
                    patched.append(item)
            keys = {item.get(merge_key) for item in patched}
            target[field] = patched + [t for t in target[field] if t.get(merge_key) not in keys]
        else:
            target[field] = value


def containers(obj):
    spec = obj.get("spec", {}).get("template", {}).get("spec", {})
    return spec.get("containers", []) + spec.get("initContainers", [])


class Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data):
        return True


if __name__ == "__main__":
    try:
        rendered = build(sys.argv[1])
    except (Unsupported, OSError, yaml.YAMLError) as error:
        print(f"kustomize.py: {error}", file=sys.stderr)
        sys.exit(1)
    sys.stdout.write(yaml.dump_all(rendered, Dumper=Dumper, sort_keys=False, width=200))
