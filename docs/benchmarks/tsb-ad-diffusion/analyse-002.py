#!/usr/bin/env python3
"""Why ts-impute's interpolation start loses TSB-AD-M 002 (docs/TIME_SERIES.md, issue 16).

Usage:
  analyse-002.py SERIES.csv SCORES.csv          ranks of the labelled steps, the score peaks above them, and the
                                                 whole-series z-scores of the elements near each peak
  analyse-002.py --zero 19,53,54 SERIES.csv OUT  writes SERIES.csv with the given channels set to 0 (the control
                                                 run: keep OUT's file name, dmad reads the tr_500 prefix from it)

SERIES.csv is the TSB-AD-M file (55 channels and Label); SCORES.csv a bench run's runs/*.scores.csv (point,label,score).
"""
import sys

import numpy as np


def zero_channels(channels, src, dst):
    with open(src) as f:
        lines = f.read().splitlines()
    rows = [line.split(",") for line in lines[1:]]
    for row in rows:
        for j in channels:
            row[j] = "0.0"
    with open(dst, "w") as f:
        f.write(lines[0] + "\n" + "\n".join(",".join(r) for r in rows) + "\n")


def analyse(series, scores):
    data = np.genfromtxt(series, delimiter=",", skip_header=1)
    x, label = data[:, :-1], data[:, -1]
    sd = x.std(0)
    z = (x - x.mean(0)) / np.where(sd > 0, sd, 1)
    print("constant channels:", int((sd == 0).sum()), "of", x.shape[1])
    c0 = np.where(x[:, 0] != np.median(x[:, 0]))[0]
    print("channel 0 leaves its level at steps", c0.tolist(), "z = %.1f" % z[c0[0], 0] if len(c0) else "")
    s = np.genfromtxt(scores, delimiter=",", skip_header=1)[:, 2]
    rank = np.empty(len(s), dtype=int)
    rank[np.argsort(-s)] = np.arange(len(s))
    lab = np.where(label > 0)[0]
    peak = s[lab].max()
    print("labelled steps", lab[0], "-", lab[-1], "ranks (0 = highest):", rank[lab].tolist())
    print("their peak score %.2f, median score %.2f" % (peak, np.median(s)))
    above = np.where(s > peak)[0]
    print(len(above), "steps score above that peak; their local maxima and the |z| > 5 elements within 3 steps:")
    for p in above:
        if s[p] == s[max(0, p - 9) : p + 10].max():
            near = [(t, j, round(float(z[t, j]), 1)) for t in range(p - 3, p + 4) for j in range(x.shape[1])
                    if abs(z[t, j]) > 5]
            print("  step %d score %.2f (step, channel, z):" % (p, s[p]), near)


if __name__ == "__main__":
    if sys.argv[1] == "--zero":
        zero_channels([int(c) for c in sys.argv[2].split(",")], sys.argv[3], sys.argv[4])
    else:
        analyse(sys.argv[1], sys.argv[2])
