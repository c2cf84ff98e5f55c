#!/usr/bin/env python3
"""The score check's data: train.csv (2,000 rows) and score.csv (200,000 rows; its first 100,000 rows plus the header
are score100k.csv, made with `head -100001 score.csv`): 10 Gaussian columns, every 50th row shifted by 3 and
labelled 1."""
import random

random.seed(0)


def write(name, n):
    with open(name, "w") as f:
        f.write(",".join(f"x{i}" for i in range(10)) + ",label\n")
        for r in range(n):
            a = r % 50 == 0
            f.write(",".join(f"{random.gauss(3.0 if a else 0.0, 1.0):.6f}" for _ in range(10)) + f",{1 if a else 0}\n")


write("train.csv", 2000)
write("score.csv", 200000)
