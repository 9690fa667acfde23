#!/usr/bin/env python3
"""Cuts a ledger (the *.csv files of a folder, in name order, one header) into overlapping dumps, as nightly
exports overlap in real life: dump k holds its share of the lines and repeats the last `--overlap` of dump k-1.

    python3 scale/cut_dumps.py --ledger Generated/reference/ledger --out Generated/spark/dumps --dumps 16
"""
import argparse, glob, os


def cut(ledger, out, dumps, overlap=0.05):
    """Writes dump-01.csv … dump-NN.csv into `out`; returns their paths in order."""
    paths = sorted(glob.glob(os.path.join(ledger, "*.csv")))
    if not paths:
        raise SystemExit(f"cut_dumps: no *.csv in {ledger}")
    header, lines = None, []
    for p in paths:
        with open(p, "rb") as f:
            h = f.readline()
            header = header or h
            lines.extend(f.readlines())
    os.makedirs(out, exist_ok=True)
    size = -(-len(lines) // dumps)
    written = []
    for k in range(dumps):
        start = max(0, k * size - int(size * overlap))
        path = os.path.join(out, f"dump-{k + 1:02d}.csv")
        with open(path + ".tmp", "wb") as f:
            f.write(header)
            f.writelines(lines[start:(k + 1) * size])
        os.replace(path + ".tmp", path)
        written.append(path)
    return written


if __name__ == "__main__":
    a = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    a.add_argument("--ledger", required=True)
    a.add_argument("--out", required=True)
    a.add_argument("--dumps", type=int, default=8)
    a.add_argument("--overlap", type=float, default=0.05, help="fraction of a dump repeated from the one before")
    args = a.parse_args()
    for p in cut(args.ledger, args.out, args.dumps, args.overlap):
        print(p)
