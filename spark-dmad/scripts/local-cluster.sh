#!/usr/bin/env bash
# A Spark standalone cluster on this machine: one Master and N Workers, each its own JVM, bound to 127.0.0.1, started
# from a Spark home that holds only Spark's own jars (nothing of dmad: dmad ships itself to the executors).
#
#   local-cluster.sh start [--workers N] [--cores C] [--memory M] [--gpus G] [--dir DIR]
#       Starts the cluster and prints its master URL (also in DIR/master-url). --gpus G makes each Worker announce
#       G GPUs (addresses 0..G-1) through a discovery script, for trying Spark's GPU scheduling without GPUs.
#   local-cluster.sh stop [--dir DIR]
#       Stops every process `start` started (each Worker with its executors).
#   local-cluster.sh demo [--dir DIR]
#       Starts a two-Worker cluster, runs a small grid and a batch scoring job on it and with the local harness,
#       compares them (results rows equal but for the wall times, score files identical) and stops the cluster, also
#       when something fails.
#
# DIR (default spark-dmad/target/local-cluster) holds the process ids, logs and the Workers' folders. The Spark home
# is $SPARK_HOME when it has a jars/ folder, else DIR/spark-home, assembled from the Spark jars Maven resolves for
# spark-dmad (links into spark-dmad/target; built with Maven on first use as ./dmad does). Needs Java 17 and setsid.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
module="$root/spark-dmad"

usage() {
  sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

cmd="${1:-}"
[ -n "$cmd" ] || usage
shift
workers=2
cores=1
memory=2g
gpus=0
dir="$module/target/local-cluster"
while [ $# -gt 0 ]; do
  case "$1" in
    --workers) workers="$2"; shift 2 ;;
    --cores) cores="$2"; shift 2 ;;
    --memory) memory="$2"; shift 2 ;;
    --gpus) gpus="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    *) echo "local-cluster.sh: unknown option '$1'" >&2; usage ;;
  esac
done
for n in "$workers" "$cores" "$gpus"; do
  case "$n" in ''|*[!0-9]*) echo "local-cluster.sh: --workers, --cores and --gpus take whole numbers, got '$n'" >&2
    exit 2 ;; esac
done
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"

# The module openings Spark's own launcher adds on Java 17 (the daemons run without spark-class).
opens=""
for pkg in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
    java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  opens="$opens --add-opens=java.base/$pkg=ALL-UNNAMED"
done
opens="$opens -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true"

# Spark's runtime jars: the provided-scope ones in target/spark-lib, plus the few Spark shares with dmad (same
# versions), which Maven resolves at compile scope and so copies to target/lib instead.
shared_with_dmad="commons-codec commons-collections commons-collections4 commons-compress commons-lang3 commons-text
  gson jackson-annotations jackson-core jackson-databind protobuf-java slf4j-api"

spark_home() {
  if [ -n "${SPARK_HOME:-}" ] && [ -d "$SPARK_HOME/jars" ]; then
    echo "$SPARK_HOME"
    return
  fi
  if [ ! -d "$module/target/spark-lib" ] || [ ! -d "$module/target/lib" ]; then
    echo "local-cluster.sh: building spark-dmad (first use)..." >&2
    (cd "$root" && mvn -B -q -Dmaven.test.skip=true -pl spark-dmad -am package) >&2
  fi
  local home="$dir/spark-home"
  rm -rf "$home"
  mkdir -p "$home/jars"
  ln -s "$module"/target/spark-lib/*.jar "$home/jars/"
  local a jar
  for a in $shared_with_dmad; do
    jar="$(ls "$module/target/lib/$a"-[0-9]*.jar 2>/dev/null | head -1)"
    if [ -z "$jar" ]; then
      echo "local-cluster.sh: $a is missing from $module/target/lib (rebuild spark-dmad)" >&2
      exit 1
    fi
    ln -s "$jar" "$home/jars/"
  done
  echo "$home"
}

# Waits until a log shows a pattern, or fails naming the log when the process died or time ran out.
wait_for() {
  local log="$1" pattern="$2" pid="$3" what="$4" i
  for i in $(seq 1 1200); do
    if grep -q -- "$pattern" "$log" 2>/dev/null; then
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "local-cluster.sh: the $what exited; its log, $log:" >&2
      tail -30 "$log" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "local-cluster.sh: the $what did not start within 120 s; see $log" >&2
  return 1
}

stop() {
  local f pid i
  shopt -s nullglob
  # Workers first (each with the executors it launched: its process group), then the Master.
  for f in "$dir"/worker-*.pid "$dir"/master.pid; do
    pid="$(cat "$f")"
    kill -TERM -- "-$pid" 2>/dev/null || true
    for i in $(seq 1 100); do
      kill -0 -- "-$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL -- "-$pid" 2>/dev/null || true
    rm -f "$f"
  done
  rm -f "$dir/master-url"
  # The jars each executor fetched (150 MB or so apiece) and the scratch space; the executors' logs stay.
  if [ -d "$dir/work" ]; then
    find "$dir/work" -name '*.jar' -type f -delete
  fi
  rm -rf "$dir/local"
}

start() {
  if ls "$dir"/*.pid >/dev/null 2>&1; then
    echo "local-cluster.sh: a cluster started from $dir is still running (local-cluster.sh stop --dir $dir)" >&2
    exit 1
  fi
  command -v setsid >/dev/null || { echo "local-cluster.sh: setsid (util-linux) is required" >&2; exit 1; }
  local home
  home="$(spark_home)"
  trap 'stop' ERR
  mkdir -p "$dir/logs" "$dir/conf"
  # SPARK_SCALA_VERSION: what load-spark-env.sh sets in a Spark distribution; Workers need it to launch executors.
  export SPARK_HOME="$home" SPARK_LOCAL_IP=127.0.0.1 SPARK_CONF_DIR="$dir/conf" SPARK_SCALA_VERSION=2.13
  # Scratch space of the Workers and their executors (shuffle files, fetched jars) inside DIR, not /tmp.
  export SPARK_LOCAL_DIRS="$dir/local"
  # Made here: Workers launching executors at once race to create it (File.mkdirs fails for the loser, and Spark
  # then ignores the folder and fails the executor: "Failed to create dir in .../local").
  mkdir -p "$dir/local"
  export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
  # Each daemon in its own process group (setsid), so that stop also ends the executors a Worker launched.
  setsid java $opens -Xmx512m -cp "$home/jars/*" org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port 0 --webui-port 0 >"$dir/logs/master.log" 2>&1 </dev/null &
  echo $! >"$dir/master.pid"
  wait_for "$dir/logs/master.log" "Starting Spark master at spark://" "$!" "Master"
  local url
  url="$(grep -o 'spark://[0-9.]*:[0-9]*' "$dir/logs/master.log" | head -1)"
  local props="$dir/conf/worker.properties"
  : >"$props"
  if [ "$gpus" -gt 0 ]; then
    local addresses
    addresses="$(seq 0 $((gpus - 1)) | sed 's/.*/"&"/' | paste -sd, -)"
    {
      echo '#!/usr/bin/env bash'
      echo "# Announces $gpus made-up GPUs (there are none): Spark schedules them like real ones."
      echo "echo '{\"name\":\"gpu\",\"addresses\":[$addresses]}'"
    } >"$dir/conf/gpus.sh"
    chmod +x "$dir/conf/gpus.sh"
    printf 'spark.worker.resource.gpu.amount=%s\nspark.worker.resource.gpu.discoveryScript=%s\n' \
      "$gpus" "$dir/conf/gpus.sh" >>"$props"
  fi
  local w
  for w in $(seq 1 "$workers"); do
    mkdir -p "$dir/work/worker-$w"
    setsid java $opens -Xmx512m -cp "$home/jars/*" org.apache.spark.deploy.worker.Worker \
      --host 127.0.0.1 --port 0 --webui-port 0 --cores "$cores" --memory "$memory" \
      --work-dir "$dir/work/worker-$w" --properties-file "$props" "$url" \
      >"$dir/logs/worker-$w.log" 2>&1 </dev/null &
    echo $! >"$dir/worker-$w.pid"
  done
  for w in $(seq 1 "$workers"); do
    wait_for "$dir/logs/worker-$w.log" "Successfully registered with master" "$(cat "$dir/worker-$w.pid")" \
      "Worker $w"
  done
  trap - ERR
  echo "$url" >"$dir/master-url"
  echo "$url"
}

# Results rows without the two wall-time columns (fit_seconds, score_seconds), sorted.
rows_but_times() {
  tail -n +2 "$1" | awk -F, -v OFS=, '{$9=""; $10=""; print}' | sort
}

# Spark's part files (header once, rows in input order) as one CSV.
joined_parts() {
  local first=1 part
  for part in "$1"/part-*; do
    if [ $first = 1 ]; then head -1 "$part"; first=0; fi
    tail -n +2 "$part"
  done
}

demo() {
  trap 'stop' EXIT
  workers=2
  local url out dmad="$root/dmad"
  start >/dev/null
  url="$(cat "$dir/master-url")"
  out="$dir/demo"
  rm -rf "$out"
  mkdir -p "$out"
  echo "Cluster: $url (logs in $dir/logs)"
  trap 'echo "local-cluster.sh demo: a step failed; see the logs in $out and $dir/logs" >&2' ERR
  local grid=(bench --detectors dte-np,iforest --seeds 0,1 --threads 1 --no-progress) t0 t1 t2
  t0=$(date +%s.%N)
  "$dmad" "${grid[@]}" --out "$out/grid-local" >"$out/grid-local.log" 2>&1
  t1=$(date +%s.%N)
  "$dmad" "${grid[@]}" --engine spark --master "$url" --out "$out/grid-cluster" >"$out/grid-cluster.log" 2>&1
  t2=$(date +%s.%N)
  diff <(rows_but_times "$out/grid-local/results.csv") <(rows_but_times "$out/grid-cluster/results.csv")
  diff -r "$out/grid-local/runs" "$out/grid-cluster/runs" -x '*.json'
  echo "Grid: $(($(wc -l <"$out/grid-cluster/results.csv") - 1)) runs on the cluster, rows equal to the local" \
    "harness's but for the wall times; test-score files identical"
  awk -v a="$t0" -v b="$t1" -v c="$t2" \
    'BEGIN { printf "Grid wall time (whole command): local harness %.1f s, cluster %.1f s\n", b - a, c - b }'

  # Scoring: DTE-C trained locally on 2,000 generated rows, scoring 20,000 others on the cluster and on local[2].
  local data="$out/rows.csv"
  for n in 2000 20000; do
    awk -v n="$n" 'BEGIN { srand(n); print "f0,f1,f2,f3,label";
         for (i = 0; i < n; i++) { a = (i % 100 == 0); s = a ? 6 : 0;
           printf "%.4f,%.4f,%.4f,%.4f,%d\n", rand() + s, rand() - s, rand(), rand() * rand() + s, a } }' \
      >"$out/rows-$n.csv"
  done
  "$dmad" train --detector dte-c --profile quick --data "$out/rows-2000.csv" --out "$out/dte-c.model" \
    >"$out/train.log" 2>&1
  data="$out/rows-20000.csv"
  "$dmad" score --engine spark --master 'local[2]' --model "$out/dte-c.model" --data "$data" \
    --out "$out/scores-local" >"$out/score-local.log" 2>&1
  "$dmad" score --engine spark --master "$url" --model "$out/dte-c.model" --data "$data" \
    --out "$out/scores-cluster" >"$out/score-cluster.log" 2>&1
  cmp <(joined_parts "$out/scores-local") <(joined_parts "$out/scores-cluster")
  echo "Scoring: $(($(joined_parts "$out/scores-cluster" | wc -l) - 1)) rows scored on the cluster, identical to" \
    "local[2]"
  echo "Demo passed; outputs in $out"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  demo) demo ;;
  *) usage ;;
esac
