#!/usr/bin/env python3
"""make spark-demo: spend on Spark in local mode over the reference data set cut into overlapping dumps, checked
byte for byte against one `spend analyze` over the same dumps in the same order.

    .venv/bin/python scale/demo.py --spend .build/release/spend --reference Generated/reference \
        --config Fixtures/config/spend.toml [--dumps 16] [--master 'local[2]'] [--out Generated/spark]
"""
import argparse, filecmp, os, subprocess, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cut_dumps, spark_spend  # noqa: E402

FORMATS = "html,md,csv,json,xlsx"   # every format but sqlite, which needs every line in one process


def tree(d):
    out = []
    for root, dirs, files in os.walk(d):
        dirs[:] = [x for x in dirs if not x.startswith(".")]
        out += [os.path.relpath(os.path.join(root, f), d) for f in files if not f.startswith(".")]
    return sorted(out)


def same(a, b):
    """Files that differ, or are in one folder only."""
    ta, tb = tree(a), tree(b)
    diff = sorted(set(ta) ^ set(tb))
    diff += [f for f in set(ta) & set(tb) if not filecmp.cmp(os.path.join(a, f), os.path.join(b, f), shallow=False)]
    return ta, diff


def main():
    a = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    a.add_argument("--spend", required=True)
    a.add_argument("--reference", required=True, help="the folder `spend fixtures` wrote")
    a.add_argument("--config", required=True)
    a.add_argument("--dumps", type=int, default=16)
    a.add_argument("--master", default="local[2]")
    a.add_argument("--out", default="Generated/spark")
    args = a.parse_args()
    dumps = cut_dumps.cut(os.path.join(args.reference, "ledger"), os.path.join(args.out, "dumps"), args.dumps)
    print(f"{len(dumps)} overlapping dumps in {args.out}/dumps")

    t = time.time()
    code = spark_spend.main(["--config", args.config, "--invoices", os.path.join(args.out, "dumps"), "--out", os.path.join(args.out, "reports"),
                             "--master", args.master, "--spend", args.spend, "--format", FORMATS, "--timings"])
    spark_seconds = time.time() - t
    if code != 0:
        sys.exit(code)
    t = time.time()
    subprocess.run([args.spend, "analyze", "--config", args.config, "--invoices", *dumps, "--out", os.path.join(args.out, "one"),
                    "--format", FORMATS], check=True)
    one_seconds = time.time() - t
    files, diff = same(os.path.join(args.out, "one"), os.path.join(args.out, "reports"))
    print(f"Spark ({args.master}): {spark_seconds:.1f} s; one spend analyze: {one_seconds:.1f} s")
    if diff:
        sys.exit("the Spark reports differ from spend analyze's: " + ", ".join(diff))
    print(f"identical: all {len(files)} report files of {args.out}/reports equal those of one spend analyze ({args.out}/one)")


if __name__ == "__main__":
    main()
