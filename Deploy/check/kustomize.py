#!/usr/bin/env python3
"""Renders a kustomization the way `kustomize build --load-restrictor LoadRestrictionsNone` does, for
the subset of kustomize that Deploy/k8s uses: `resources` (files and directories), `namespace`,
`labels` (without selectors), `configMapGenerator` with `files` and `generatorOptions.
disableNameSuffixHash: true`, and `images`. Anything else in a kustomization is an error, so the
check never passes on something it did not understand.

    python3 Deploy/check/kustomize.py DIRECTORY > rendered.yaml
"""
import os
import sys

import yaml

SUPPORTED = {"apiVersion", "kind", "resources", "namespace", "labels", "configMapGenerator", "generatorOptions", "images"}
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
