#!/usr/bin/env python3
"""Compares auroc and aupr of a dmad bench results.csv with a reference results.csv, row by row, as written
(the strings, so equal means equal to the last printed digit). Usage: compare.py REFERENCE.csv RERUN.csv"""
import csv
import sys

ref = {(r["dataset"], r["detector"], r["seed"]): r for r in csv.DictReader(open(sys.argv[1]))}
rerun = list(csv.DictReader(open(sys.argv[2])))
equal = different = missing = f1_different = 0
print("| dataset | detector | auroc reference | auroc rerun | aupr reference | aupr rerun | result |")
print("|---|---|---:|---:|---:|---:|---|")
for r in rerun:
    key = (r["dataset"], r["detector"], r["seed"])
    if key not in ref:
        missing += 1
        print(f"| {key[0]} | {key[1]} | - | {r['auroc']} | - | {r['aupr']} | not in reference |")
        continue
    q = ref[key]
    same = r["status"] == q["status"] and r["auroc"] == q["auroc"] and r["aupr"] == q["aupr"]
    f1_different += r["f1"] != q["f1"]
    equal += same
    different += not same
    print(f"| {key[0]} | {key[1]} | {q['auroc']} | {r['auroc']} | {q['aupr']} | {r['aupr']} | "
          f"{'equal' if same else 'DIFFERENT'} |")
print(f"\n{equal} equal, {different} different, {missing} not in the reference ({len(rerun)} rows compared); "
      f"f1 differs in {f1_different} rows")
sys.exit(1 if different or missing else 0)
