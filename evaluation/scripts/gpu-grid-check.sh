#!/usr/bin/env bash
# Issue 18's GPU checks, prepared to run as one call on a GPU machine (docs/PERFORMANCE.md section 11, "What remains
# for the GPU target"):
#   probe     DJL loads the machine's PyTorch and multiplies on the GPU (../shared/gpu's run.sh probe);
#   cpu       a `dmad bench --device cpu` must create no CUDA context: nvidia-smi's compute apps are sampled every
#             0.5 s while it runs, and any process listed then fails the check;
#   portable  (not by default) a model trained with `--device gpu` scores with `dmad score --device cpu` there;
#   grid      DTE-C, every .npz in .gpu/data, 5 seeds, `--group datasets:N --jobs J --device gpu`, with nvidia-smi's
#             utilization.gpu sampled every 0.5 s; stopped at GRID_LIMIT_S (finished runs stay in results.csv).
# It writes $OUT/gpu-check.md (each check's verdict, the grid's wall time, rows and GPU busy share) and at most seven
# other files: util.csv, apps-cpu.txt, results.csv, summary.md, grid.tgz (the grid's run records and report),
# logs.tgz (every step's log) and facts.txt.
#
# On the development machine, from the project root:
#   bash evaluation/scripts/gpu-grid-check.sh --prepare [data files]   (default: the 28 ADBench files of ../shared)
# builds the project and runs ../shared/gpu/prepare.sh with them, drops Weka's jar from .gpu/lib (a DTE-C grid on .npz files loads no Weka
# class; without it the kit, the 28 files and the checkout stay under a device call's 64 MiB) and prints what travels.
# Then one device call from the project root, carrying .gpu (timeout_s 600):
#   bash evaluation/scripts/gpu-grid-check.sh
# Env: OUT (./gpu-out), STEPS (probe,cpu,grid; portable is optional: CPU tests cover it with a model file that
#      records a GPU), GRID_GROUP (datasets:15), GRID_JOBS (4), GRID_LIMIT_S (480),
#      GRID_SEEDS (0,1,2,3,4), GRID_PROFILE (paper), GRID_DETECTORS (dte-c), DEVICE (gpu), DATA (the .npz files in
#      .gpu/data, smallest first), CHECK_DATA (the smallest of them), SAMPLE_S (0.5), KIT (.gpu), NVIDIA_SMI (nvidia-smi).
# The default, datasets:15 with four workers: the six ADBench files of 18,000-25,000 training rows give 30 cells whose
# step totals at the paper profile (114,000-156,000 steps) are far above the rest (about 34,400 at most), so two workers
# train them as two groups of 15 side by side while the other two train the remaining 110 cells in eight groups. A
# plain DTE-C step took about 1.8 ms on the H200 (launch-bound), so the long groups need about 5 minutes if a group
# of 15 steps nearly as fast; four processes feed the GPU's idle time (not measured yet).
set -u
ROOT="$PWD"
KIT="${KIT:-$ROOT/.gpu}"

if [ "${1:-}" = --prepare ]; then
  shift
  SHARED="${SHARED:-$ROOT/../shared}"
  [ $# -gt 0 ] || set -- "$SHARED"/datasets/adbench/classical/*.npz
  # A fresh build (prepare.sh reuses any earlier one, which may predate the checkout); prepare.sh stops above 56 MiB
  # with Weka inside, the limit that counts is checked below.
  DMAD_GPU_BUILD="${DMAD_GPU_BUILD:-1}" DMAD_GPU_MAX_MIB=64 bash "$SHARED/gpu/prepare.sh" "$@" || exit $?
  rm -f "$KIT"/lib/weka-stable-*.jar
  kit=$(du -sb "$KIT" | cut -f1)
  tree=$(git ls-files -z --cached --others --exclude-standard | xargs -0 du -cb 2> /dev/null | tail -1 | cut -f1)
  total=$(( (kit + tree) / 1048576 ))
  echo "gpu-grid-check: .gpu $(( kit / 1048576 )) MiB + checkout $(( tree / 1048576 )) MiB = $total MiB travel (limit 64)"
  [ "$total" -lt 64 ] || { echo "gpu-grid-check: too much to travel; give fewer data files" >&2; exit 1; }
  exit 0
fi
OUT="${OUT:-$ROOT/gpu-out}"
STEPS=",${STEPS:-probe,cpu,grid},"
GROUP="${GRID_GROUP:-datasets:15}"
JOBS="${GRID_JOBS:-4}"
LIMIT="${GRID_LIMIT_S:-480}"
SEEDS="${GRID_SEEDS:-0,1,2,3,4}"
PROFILE="${GRID_PROFILE:-paper}"
DETECTORS="${GRID_DETECTORS:-dte-c}"
DEVICE="${DEVICE:-gpu}"
SAMPLE="${SAMPLE_S:-0.5}"
SMI="${NVIDIA_SMI:-nvidia-smi}"
[ -f "$KIT/run.sh" ] || { echo "gpu-grid-check: no $KIT/run.sh (run ../shared/gpu/prepare.sh here first)" >&2; exit 2; }
mkdir -p "$OUT"; OUT="$(cd "$OUT" && pwd)"
W="$(mktemp -d "${TMPDIR:-/tmp}/gpu-grid-check.XXXXXX")"
REPORT="$OUT/gpu-check.md"
T0=$(date +%s)
say() { echo "[gpu-grid-check $(( $(date +%s) - T0 ))s] $*"; }
note() { echo "$*" >> "$REPORT"; say "$*"; }
has() { case "$STEPS" in *",$1,"*) return 0 ;; *) return 1 ;; esac; }

if [ -z "${DATA:-}" ]; then
  DATA="$(ls -S -r "$KIT"/data/*.npz 2>/dev/null | tr '\n' ' ')"
fi
[ -n "$DATA" ] || { echo "gpu-grid-check: no data (DATA, or .npz files in $KIT/data)" >&2; exit 2; }
CHECK_DATA="${CHECK_DATA:-${DATA%% *}}"

# One step through the kit's run.sh, into its own folder (run.sh packs and overwrites what it finds in its $OUT).
step() {
  local name="$1"; shift
  mkdir -p "$W/$name"
  OUT="$W/$name" DMAD_GPU_WORK="$W/work-$name" bash "$KIT/run.sh" "$@" > "$W/$name.log" 2>&1
}

smi() { command -v "$SMI" > /dev/null 2>&1; }

{
  echo "# GPU checks of issue 18"
  echo
  echo "$(date -u +%FT%TZ); commit $(git rev-parse --short HEAD 2>/dev/null || head -3 "$KIT/MANIFEST.txt" | tail -1);"
  echo "$(smi && "$SMI" --query-gpu=name,driver_version,memory.total --format=csv,noheader | head -1 || echo 'no nvidia-smi')"
  echo
} > "$REPORT"

if has probe; then
  say "probe"
  step probe probe "$DEVICE"; rc=$?
  note "- probe ($DEVICE): rc=$rc; $(grep -h -E '^probe: (capability|gpu count|matmul)' "$W/probe.log" | tr '\n' ' ')"
fi

if has cpu; then
  say "cpu: a bench with --device cpu, compute apps sampled every ${SAMPLE}s"
  step cpu bench --data "$CHECK_DATA" --detectors "$DETECTORS" --profile quick --seeds 0 --device cpu \
      --no-progress --out "$W/cpu/bench" &
  pid=$!
  : > "$OUT/apps-cpu.txt"
  samples=0
  while kill -0 "$pid" 2> /dev/null; do
    if smi; then
      "$SMI" --query-compute-apps=pid,process_name,used_memory --format=csv,noheader 2>&1 \
          | sed "s/^/$(date +%s.%N | cut -c1-14) /" >> "$OUT/apps-cpu.txt"
    fi
    samples=$((samples + 1))
    sleep "$SAMPLE"
  done
  wait "$pid"; rc=$?
  # run.sh's own python (torch's facts) may show up before the JVM starts: only a java process fails the check.
  apps=$(grep -c -i java "$OUT/apps-cpu.txt")
  if ! smi; then
    verdict="not checked (no $SMI)"
  elif [ "$apps" -eq 0 ]; then
    verdict="passed: no process on the GPU in $samples samples"
  else
    verdict="FAILED: a java process on the GPU in $apps of $samples samples (apps-cpu.txt)"
  fi
  note "- cpu path (bench --device cpu, $(basename "$CHECK_DATA"), $DETECTORS quick): rc=$rc; CUDA context $verdict"
fi

if has portable; then
  say "portable: train on $DEVICE, score on cpu"
  step portable train --data "$CHECK_DATA" --detector "$DETECTORS" --profile quick --device "$DEVICE" \
      --out "$W/portable/m.model"; rc1=$?
  step portable-score score --model "$W/portable/m.model" --data "$CHECK_DATA" --device cpu \
      --out "$W/portable-score/scores.csv"; rc2=$?
  note "- portable (train --device $DEVICE, then score --device cpu): train rc=$rc1, score rc=$rc2;" \
      "$(grep -h -o -i -E 'auroc[^,;]*' "$W/portable-score.log" | head -1)"
fi

if has grid; then
  say "grid: $DETECTORS, $PROFILE, seeds $SEEDS, --group $GROUP --jobs $JOBS --device $DEVICE, at most ${LIMIT}s"
  UTIL="$OUT/util.csv"
  echo "epoch_s,utilization_gpu_pct,memory_used_mib" > "$UTIL"
  sampler=""
  if smi; then
    (
      while :; do
        v=$("$SMI" --query-gpu=utilization.gpu,memory.used --format=csv,noheader,nounits 2>/dev/null | head -1 | tr -d ' ')
        [ -n "$v" ] && echo "$(date +%s.%N | cut -c1-14),$v" >> "$UTIL"
        sleep "$SAMPLE"
      done
    ) &
    sampler=$!
  fi
  gs=$(date +%s)
  # shellcheck disable=SC2086 # DATA is a list of files
  # timeout signals its whole process group (run.sh, the JVM and its --jobs workers): they stop at a training step
  # and keep the finished runs.
  mkdir -p "$W/grid"
  env OUT="$W/grid" DMAD_GPU_WORK="$W/work-grid" timeout --signal=TERM --kill-after=60 "$LIMIT" bash "$KIT/run.sh" \
      bench --data $DATA --detectors "$DETECTORS" --profile "$PROFILE" --seeds "$SEEDS" --group "$GROUP" \
      --jobs "$JOBS" --device "$DEVICE" --no-progress --out "$W/grid/bench" > "$W/grid.log" 2>&1
  rc=$?
  ge=$(date +%s)
  [ -n "$sampler" ] && kill "$sampler" 2> /dev/null
  cells=$(( $(echo $DATA | wc -w) * $(echo "$SEEDS" | tr ',' '\n' | wc -l) ))
  rows=0
  # run.sh moves results.csv and summary.md to its $OUT's top when it packs the rest (not when it was stopped).
  for f in results.csv summary.md; do
    for d in "$W/grid/bench" "$W/grid"; do
      [ -f "$d/$f" ] && { cp "$d/$f" "$OUT/$f"; break; }
    done
  done
  [ -f "$OUT/results.csv" ] && rows=$(( $(wc -l < "$OUT/results.csv") - 1 ))
  stopped=""; [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ] && stopped=" (stopped at the ${LIMIT}s limit)"
  note "- grid ($DETECTORS, $PROFILE, seeds $SEEDS, $(echo $DATA | wc -w) files, --group $GROUP --jobs $JOBS," \
      "--device $DEVICE): rc=$rc$stopped, $((ge - gs)) s wall (JVM start and data loading included), $rows of $cells rows"
  if [ "$(wc -l < "$UTIL")" -gt 1 ]; then
    note "- GPU busy during the grid (nvidia-smi utilization.gpu every ${SAMPLE}s):" \
        "$(awk -F, 'NR > 1 { n++; s += $2; if ($2 > 50) h++; if ($3 > m) m = $3 }
            END { printf "mean %.1f%% over %d samples, %.1f%% of samples above 50%%, memory at most %d MiB", s / n, n, 100 * h / n, m }' "$UTIL")"
  else
    note "- GPU busy during the grid: not measured (no $SMI)"
  fi
  tar czf "$OUT/grid.tgz" -C "$W" --exclude=.claims grid 2> /dev/null
fi

(cd "$W" && tar czf "$OUT/logs.tgz" ./*.log 2> /dev/null)
cat "$W"/*/facts.txt > "$OUT/facts.txt" 2> /dev/null
note "- total $(( $(date +%s) - T0 )) s"
rm -rf "$W"
