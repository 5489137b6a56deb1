#!/usr/bin/env bash
# Deletes the entries of an Imagesmith shared cache that were pushed more than DAYS days ago.
#   prune-shared-cache.sh REGISTRY/REPOSITORY DAYS [skopeo options, such as --creds user:token]
# skopeo delete removes an entry's manifest and tag; the registry's garbage collection then frees
# the blobs no manifest names any more.
set -euo pipefail
repository=$1 days=$2
shift 2
cutoff=$(date -u -d "-$days days" +%Y-%m-%dT%H:%M:%SZ)
for tag in $(skopeo list-tags "$@" "docker://$repository" | grep -o '"\(stage\|layer\)-[0-9a-f]*"' | tr -d '"'); do
  created=$(skopeo inspect --raw "$@" "docker://$repository:$tag" \
    | grep -o '"org.opencontainers.image.created":"[^"]*"' | cut -d'"' -f4)
  if [[ -z $created || $created < $cutoff ]]; then
    echo "deleting $repository:$tag, pushed $created"
    skopeo delete "$@" "docker://$repository:$tag"
  fi
done
