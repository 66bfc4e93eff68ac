#!/usr/bin/env bash
# Lists each folder (namespace) of PortLoad's libraries with the other folders its code uses, and fails on a cycle.
# The projects (src/PortLoad.*) are held one way by the compiler; a folder is a namespace, which may span projects
# (HostFacts is in PortLoad.Model, HostFactsReader in PortLoad.Engine: both PortLoad.HostInfo), so the rows are
# checked here over all library projects together. PortLoad.Cli sits on top and is left out.
#   tools/layers.sh                 print "Folder -> Dep Dep ..." for every folder, then check for cycles
#   tools/layers.sh --check FILE    also fail unless FILE (docs/architecture.md) holds the same lines, and every
#                                   folder uses only folders in rows above its own in FILE's layers-order block
# A folder's namespace is PortLoad.<Folder>; Core/ is the root namespace PortLoad, which every folder
# sees without a using. A use is a "using PortLoad.X", a "PortLoad.X." anywhere, or a qualified "X.Name".
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
projects=$(find "$root/src" -mindepth 1 -maxdepth 1 -type d -name 'PortLoad*' ! -name 'PortLoad.Cli' | sort)
[ -n "$projects" ] || { echo "layers: no library project under $root/src" >&2; exit 1; }
folders=$(find $projects -mindepth 1 -maxdepth 1 -type d ! -name bin ! -name obj -printf '%f\n' | sort -u)
alternation=$(echo "$folders" | paste -sd'|')

graph=""
edges=""
for folder in $folders; do
  files=$(find $projects -path "*/$folder/*.cs" ! -path '*/obj/*' ! -path '*/bin/*')
  [ -n "$files" ] || continue
  # Comments say nothing about dependencies; drop them before looking.
  uses=$( (sed -e 's|//.*$||' $files \
            | grep -oP "^using (static )?PortLoad\.($alternation)(?=[;.])|(?<![\w.])(PortLoad\.)?($alternation)\.(?=[A-Z_])" || true) \
          | sed -E -e 's/^using (static )?//' -e 's/^PortLoad\.//' -e 's/\.$//' | sort -u | grep -vx "$folder" || true)
  # The Core folder is the root namespace: its types need no qualifier, so only the others count.
  graph+="$folder ->$(printf ' %s' $uses)"$'\n'
  for dep in $uses; do edges+="$dep $folder"$'\n'; done
  edges+="$folder $folder"$'\n'
done
graph=$(printf '%s' "$graph" | sed 's/ *$//')
echo "$graph"

if ! order=$(printf '%s' "$edges" | tsort 2>&1); then
  echo "layers: the folders depend on each other in a cycle:" >&2
  printf '%s\n' "$order" | grep 'tsort:' >&2
  exit 1
fi
echo "no cycle; one order that respects every dependency (used first): $(echo $order)"

if [ "${1:-}" = "--check" ]; then
  doc="$2"
  documented=$(sed -n '/^```layers$/,/^```$/p' "$doc" | sed '1d;$d')
  if [ "$documented" != "$graph" ]; then
    echo "layers: $doc does not match the code; the code says:" >&2
    diff <(echo "$documented") <(echo "$graph") >&2 || true
    exit 1
  fi
  # Each folder uses only folders in rows above its own.
  rows=$(sed -n '/^```layers-order$/,/^```$/p' "$doc" | sed '1d;$d')
  declare -A rank=()
  r=0
  while IFS= read -r row; do
    r=$((r + 1))
    for f in ${row//|/ }; do rank[$f]=$r; done
  done <<< "$rows"
  bad=0
  for folder in $folders; do
    [ -n "${rank[$folder]:-}" ] || { echo "layers: $doc does not place $folder in a row" >&2; bad=1; }
  done
  while read -r dep folder; do
    [ "$dep" = "$folder" ] && continue
    if [ "${rank[$dep]:-0}" -ge "${rank[$folder]:-0}" ]; then
      echo "layers: $folder uses $dep, which is not in a row above it in $doc" >&2
      bad=1
    fi
  done <<< "$(printf '%s' "$edges")"
  [ "$bad" -eq 0 ] || exit 1
  echo "$doc matches"
fi
