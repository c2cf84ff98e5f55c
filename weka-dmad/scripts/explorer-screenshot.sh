#!/usr/bin/env bash
# Screenshots of Weka's Explorer on a 1024x768 screen, with the dmad package installed from the built zip:
#   result   -> weka-dmad/docs/explorer.png: DTECategorical's result on an ARFF file (percentage split)
#   progress -> weka-dmad/docs/explorer-progress.png: DTECategorical training, "epoch n of N" in the status bar
#   dialog   -> weka-dmad/docs/explorer-ddpm-dialog.png: DDPM's option dialog, its schedule drop-down open
# Runs under Xvfb; installs xvfb and imagemagick with apt-get when they are missing (Debian/Ubuntu, as root).
# Usage: weka-dmad/scripts/explorer-screenshot.sh [result|progress|dialog|all] [DATA.arff]
#        (default: all, on a generated 4-attribute demo set)
set -euo pipefail
module="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="$(cd "$module/.." && pwd)"
mode="${1:-all}"
work="$(mktemp -d)"
trap 'kill "${demo_pid:-}" "${xvfb_pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

if ! command -v Xvfb >/dev/null || ! command -v import >/dev/null; then
  echo "Installing xvfb and imagemagick..." >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xvfb imagemagick >/dev/null
fi

zip="$(ls "$module"/target/dmad-[0-9]*.zip 2>/dev/null | head -1 || true)"
if [ -z "$zip" ] || [ ! -f "$module/target/weka.classpath" ]; then
  echo "Building the package zip..." >&2
  (cd "$root" && mvn -B -q -DskipTests -pl weka-dmad -am package) >&2
  zip="$(ls "$module"/target/dmad-[0-9]*.zip | head -1)"
fi
weka_cp="$(cat "$module/target/weka.classpath")"

export WEKA_HOME="$work/wekafiles"
export OMP_WAIT_POLICY=PASSIVE
java -cp "$weka_cp" -DWEKA_HOME="$WEKA_HOME" weka.core.WekaPackageManager -offline -install-package "$zip" >/dev/null

data="${2:-$work/dmad-demo.arff}"

# shot MODE OUTPUT CLASSIFIER [OPTIONS...]: one Explorer under its own Xvfb display, one screenshot.
shot() {
  local demo="$1" out="$2"
  shift 2
  local display=":$((90 + RANDOM % 100))"
  Xvfb "$display" -screen 0 1024x768x24 -nolisten tcp &
  xvfb_pid=$!
  sleep 2
  rm -f "$work/ready"
  DISPLAY="$display" java -cp "$weka_cp" -DWEKA_HOME="$WEKA_HOME" -Dweka.packageManager.offline=true \
    -Ddmad.demo="$demo" "$module/scripts/ExplorerDemo.java" "$data" "$work/ready" "$@" > "$work/demo.log" 2>&1 &
  demo_pid=$!
  for _ in $(seq 1 600); do
    [ -f "$work/ready" ] && break
    if ! kill -0 "$demo_pid" 2>/dev/null; then
      echo "The Explorer demo ended early:" >&2
      cat "$work/demo.log" >&2
      exit 1
    fi
    sleep 1
  done
  [ -f "$work/ready" ] || { echo "Timed out waiting for the Explorer:" >&2; cat "$work/demo.log" >&2; exit 1; }
  mkdir -p "$(dirname "$out")"
  DISPLAY="$display" import -window root "$out"
  echo "$demo: $(cat "$work/ready")"
  echo "Wrote $out"
  kill "$demo_pid" "$xvfb_pid" 2>/dev/null || true
  wait "$demo_pid" "$xvfb_pid" 2>/dev/null || true
}

if [ "$mode" = result ] || [ "$mode" = all ]; then
  shot result "$module/docs/explorer.png" weka.classifiers.misc.DTECategorical -epochs 100 -threads 1
fi
if [ "$mode" = progress ] || [ "$mode" = all ]; then
  shot progress "$module/docs/explorer-progress.png" weka.classifiers.misc.DTECategorical -epochs 400 -threads 1
fi
if [ "$mode" = dialog ] || [ "$mode" = all ]; then
  shot dialog "$module/docs/explorer-ddpm-dialog.png" weka.classifiers.misc.DDPM
fi
