#!/usr/bin/env python3
"""Old/new table from interleaved `dmad perf` runs: for every figure (training rows/s per network, Adam and batch;
scoring rows/s per detector) the median of the old runs and of the new runs and new/old.
Usage: ab.py OLD_RUN_DIR... -- NEW_RUN_DIR...   (each holding the perf.json that dmad perf wrote)"""
import json
import statistics
import sys

args = sys.argv[1:]
split = args.index("--")
old_dirs, new_dirs = args[:split], args[split + 1 :]


def figures(run_dir):
    out = {}
    for table in json.load(open(f"{run_dir}/perf.json"))["tables"]:
        for row in table["rows"]:
            if table["suite"] == "train":
                out[f"train {row['network']}, {row['adam']} Adam, batch {row['batch']}"] = row["rows/s"]
            elif table["suite"] == "score":
                out[f"score {row['detector']}"] = row["rows/s"]
    return out


old = [figures(d) for d in old_dirs]
new = [figures(d) for d in new_dirs]
print(f"| figure (rows/s) | old runs | new runs | old median | new median | new / old |")
print("|---|---|---|---:|---:|---:|")
for key in old[0]:
    o = [f[key] for f in old]
    n = [f[key] for f in new if key in f]
    mo, mn = statistics.median(o), statistics.median(n)
    fmt = lambda xs: ", ".join(f"{x:,.0f}" for x in xs)
    print(f"| {key} | {fmt(o)} | {fmt(n)} | {mo:,.0f} | {mn:,.0f} | {mn / mo:.2f} |")
