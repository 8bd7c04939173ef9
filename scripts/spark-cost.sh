#!/usr/bin/env bash
# What running an experiment's cells as Spark tasks costs, measured side by side in one go:
# the same grid (experiments/spark-cost.yaml unless given) in process, on Spark local[1], and
# on a standalone cluster from this build with one worker of one core and with two such
# workers. Prints wall times, the per-cell time inside the task beyond training
# (run.json spark.task_seconds - summary.json wall_seconds: data check, unpacking, zipping the
# run directory) and the load averages. Uses loopback only; stops the cluster it starts.
# Usage: scripts/spark-cost.sh [EXPERIMENT.yaml]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
file="${1:-experiments/spark-cost.yaml}"
out="$(mktemp -d "${TMPDIR:-/tmp}/spark-cost.XXXXXX")"
lab="$root/scripts/backprop-lab"
cluster="$root/scripts/spark-cluster.sh"
trap '"$cluster" stop >/dev/null 2>&1 || true' EXIT

run() { # label, extra args...
  local label="$1"; shift
  local start end
  start=$(date +%s.%N)
  "$lab" experiment --config "$file" --out "$out/$label" "$@" > "$out/$label.log" 2>&1
  end=$(date +%s.%N)
  python3 - "$out/$label" "$label" "$start" "$end" <<'EOF'
import json, os, sys
d, label, start, end = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
cells = [c for c in sorted(os.listdir(d)) if os.path.isfile(os.path.join(d, c, "cell.json"))]
train = [json.load(open(os.path.join(d, c, "summary.json")))["wall_seconds"] for c in cells]
extra = []
for c in cells:
    run = json.load(open(os.path.join(d, c, "run.json")))
    if "spark" in run:
        extra.append(run["spark"]["task_seconds"] - json.load(open(os.path.join(d, c, "summary.json")))["wall_seconds"])
line = f"{label:<22} wall {end - start:7.1f} s   cells {len(cells)}   training per cell {sum(train)/len(train):6.1f} s"
if extra:
    line += f"   in-task overhead per cell {sum(extra)/len(extra):5.2f} s (max {max(extra):.2f})"
print(line, flush=True)
EOF
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
run in-process
run spark-local-1 --spark 'local[1]'
"$cluster" start --workers 1 --cores 1 --memory 2g > "$out/cluster1.log"
run spark-1-worker --spark spark://127.0.0.1:7077
"$cluster" stop > /dev/null
"$cluster" start --workers 2 --cores 1 --memory 2g > "$out/cluster2.log"
run spark-2-workers --spark spark://127.0.0.1:7077
"$cluster" stop > /dev/null
run in-process-again
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "outputs in $out"
