#!/usr/bin/env bash
# The tool as users get it: packs PortLoad.Cli, installs the package into a temporary tool path, and runs
# `portload validate`, `portload simulate` and `portload plan` of shipped scenarios from another folder (no appsettings.json
# there: the package's own defaults apply). Prints "tool: ok" or says what failed; run by .ci/run.
#   tools/check-tool.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet pack "$repo/src/PortLoad.Cli" -c Release -o "$work/pack" -nologo -v q >"$work/pack.log" 2>&1 \
  || { cat "$work/pack.log"; echo "tool: dotnet pack failed"; exit 1; }
dotnet tool install --tool-path "$work/tools" --add-source "$work/pack" PortLoad >"$work/install.log" 2>&1 \
  || { cat "$work/install.log"; echo "tool: dotnet tool install failed"; exit 1; }

mkdir "$work/elsewhere"
cd "$work/elsewhere"
portload="$work/tools/portload"
"$portload" --version
"$portload" validate "$repo/scenarios/quickstart.json"
"$portload" simulate "$repo/scenarios/workshop/01-pooling-vs-per-request.json" --out "$work/elsewhere/simulated" >"$work/simulate.log" \
  || { cat "$work/simulate.log"; echo "tool: simulate failed"; exit 1; }
for file in summary.json timeseries.csv report.html report.pdf; do
  [ -s "$work/elsewhere/simulated/$file" ] || { echo "tool: simulate wrote no $file"; exit 1; }
done
grep -q '"mode": "simulated"' "$work/elsewhere/simulated/summary.json" || { echo "tool: summary.json is not a simulated run"; exit 1; }
"$portload" plan "$repo/scenarios/plan-fleet.json" --instances 1,50 --rates 10 --horizon 1h --out "$work/elsewhere/plan" >"$work/plan.log" \
  || { cat "$work/plan.log"; echo "tool: plan failed"; exit 1; }
for file in plan.svg plan.json report.html report.pdf; do
  [ -s "$work/elsewhere/plan/$file" ] || { echo "tool: plan wrote no $file"; exit 1; }
done
echo "tool: ok (packed, installed, validate, simulate and plan from another folder)"
