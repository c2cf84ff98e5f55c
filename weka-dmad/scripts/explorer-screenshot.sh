#!/usr/bin/env bash
# Takes weka-dmad/docs/explorer.png: Weka's Explorer, with the dmad package installed from the built zip, after
# running DTECategorical on an ARFF file (percentage split). Runs under Xvfb; installs xvfb and imagemagick with
# apt-get when they are missing (Debian/Ubuntu, as root).
# Usage: weka-dmad/scripts/explorer-screenshot.sh [DATA.arff]   (default: a generated 4-attribute demo set)
set -euo pipefail
module="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="$(cd "$module/.." && pwd)"
out="$module/docs/explorer.png"
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

data="${1:-$work/dmad-demo.arff}"
display=":$((90 + RANDOM % 100))"
Xvfb "$display" -screen 0 1200x860x24 -nolisten tcp &
xvfb_pid=$!
sleep 2
DISPLAY="$display" java -cp "$weka_cp" -DWEKA_HOME="$WEKA_HOME" -Dweka.packageManager.offline=true \
  "$module/scripts/ExplorerDemo.java" "$data" "$work/ready" weka.classifiers.misc.DTECategorical \
  -epochs 100 -threads 1 > "$work/demo.log" 2>&1 &
demo_pid=$!
for _ in $(seq 1 300); do
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
echo "Options: $(cat "$work/ready")"
echo "Wrote $out"
