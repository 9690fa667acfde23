#!/usr/bin/env python3
"""What Spark costs: one `spend analyze` process against scale/spark_spend.py in local mode with 1 and 2 executor
cores, on the 5-million-line bench ledger (`spend fixtures --scale 25`, cached in .bench/ as bench/bench.py does)
cut into overlapping dumps, and the overhead per shard (the same run cut into more and more shards).

    .venv/bin/python scale/bench_spark.py            # BENCH_SCALE=25, 32 dumps; prints a Markdown table

Every Spark run's reports are checked against the one process's, byte for byte.
"""
import json, os, shutil, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "bench"))
import bench, cut_dumps, demo  # noqa: E402

SPEND = os.path.join(ROOT, ".build/release/spend")
DUMPS = int(os.environ.get("SPARK_DUMPS", "32"))
RUNS = int(os.environ.get("SPARK_RUNS", "2"))    # each figure is the fastest of RUNS runs (the machine is shared)
WORK = os.path.join(ROOT, ".bench", "spark")


def config(data, path):
    with open(path, "w") as f:
        f.write(f"""[input]
profile = "proceedo"
[reference]
rules = "{data}/regler.csv"
contracts = "{data}/avtal.csv"
organisation = "{data}/organisation.csv"
[analysis]
category = "IT och telekom"
[output]
formats = ["json", "csv"]
""")
    return path


def spark(cfg, dumps, out, master, shards=None):
    """The fastest of RUNS Spark runs: wall seconds and its stage timings."""
    return min((spark_once(cfg, dumps, out, master, shards) for _ in range(RUNS)), key=lambda r: r[0])


def spark_once(cfg, dumps, out, master, shards=None):
    """One Spark run in its own process (a fresh JVM, as spark-submit gives); wall seconds and stage timings."""
    shutil.rmtree(out, ignore_errors=True)
    args = [sys.executable, os.path.join(HERE, "spark_spend.py"), "--config", cfg, "--invoices", dumps, "--out", out,
            "--master", master, "--spend", SPEND, "--timings"]
    if shards:
        args += ["--shards", str(shards)]
    start = time.perf_counter()
    p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    if p.returncode != 0:
        sys.exit(f"failed: {' '.join(args)}\n{p.stderr[-3000:]}")
    return wall, json.loads([l for l in p.stdout.splitlines() if l.startswith("{")][-1])


def main():
    data = bench.reference_tables()   # its ledger/ holds the scale-SCALE ledger, one file a year
    for overlap, tag in ((0.05, "overlapping"), (0.0, "disjoint")):
        dumps = os.path.join(WORK, f"dumps-{DUMPS}-{tag}")
        if not os.path.exists(os.path.join(dumps, f"dump-{DUMPS:02d}.csv")):
            cut_dumps.cut(os.path.join(data, "ledger"), dumps, DUMPS, overlap)
    cfg = config(data, os.path.join(WORK, "spend.toml"))
    rows = []
    for tag in ("overlapping", "disjoint"):
        dumps = os.path.join(WORK, f"dumps-{DUMPS}-{tag}")
        files = sorted(os.path.join(dumps, f) for f in os.listdir(dumps) if f.endswith(".csv"))
        lines = sum(1 for f in files for _ in open(f, "rb")) - len(files)
        one = os.path.join(WORK, f"one-{tag}")
        for threads in (1, 2):
            walls = []
            for _ in range(RUNS):
                shutil.rmtree(one, ignore_errors=True)
                walls.append(bench.timed([SPEND, "analyze", "--config", cfg, "--invoices", *files, "--out", one, "--threads", str(threads), "--quiet"])[0])
            wall = min(walls)
            rows.append((tag, lines, f"one spend analyze, {threads} thread{'s' if threads > 1 else ''}", wall, None))
        for master in ("local[1]", "local[2]"):
            out = os.path.join(WORK, f"spark-{tag}")
            wall, t = spark(cfg, dumps, out, master)
            _, diff = demo.same(one, out)
            if diff:
                sys.exit(f"Spark's reports differ from spend analyze's: {diff}")
            rows.append((tag, lines, f"Spark {master}, {t['shards']} shards", wall, t))
    print(f"\n{DUMPS} dumps of the scale-{bench.SCALE} ledger; wall seconds (Spark: the driver's whole run, JVM start included)\n")
    print("| dumps | lines | run | wall s | stage 1 | keys | stage 2 (shards) | merge |")
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    for tag, lines, what, wall, t in rows:
        if t:
            print(f"| {tag} | {lines:,} | {what} | {wall:.1f} | {t['stage1']:.1f} | {t['keys']:.1f} | {t['stage2']:.1f} ({t['rerun']}) | {t['merge']:.1f} |")
        else:
            print(f"| {tag} | {lines:,} | {what} | {wall:.1f} | | | | |")

    # Overhead per shard: the disjoint dumps (no second stage) in more and more shards on 2 cores.
    dumps = os.path.join(WORK, f"dumps-{DUMPS}-disjoint")
    points = []
    for shards in (2, 4, 8, 16):
        out = os.path.join(WORK, "spark-shards")
        wall, t = spark(cfg, dumps, out, "local[2]", shards)
        points.append((t["shards"], wall, sum(t["stage1_tasks"]) / len(t["stage1_tasks"])))
    print("\n| shards (local[2], disjoint dumps) | wall s | mean task s |")
    print("| ---: | ---: | ---: |")
    for s, wall, task in points:
        print(f"| {s} | {wall:.1f} | {task:.2f} |")
    n = len(points)
    mx, my = sum(p[0] for p in points) / n, sum(p[1] for p in points) / n
    slope = sum((p[0] - mx) * (p[1] - my) for p in points) / sum((p[0] - mx) ** 2 for p in points)
    print(f"\noverhead per shard (least-squares slope of wall time over shards, 2 cores): {slope:.2f} s")

    # The fixed cost of one spend partial: a shard of one line (process start, tables, part and keys written).
    tiny = os.path.join(WORK, "tiny.csv")
    with open(files[0], "rb") as f, open(tiny, "wb") as out:
        out.write(f.readline() + f.readline())
    costs = []
    for _ in range(5):
        wall, _, _, _ = bench.timed([SPEND, "partial", "--config", cfg, "--invoices", tiny, "--run-files", "2", "--out", os.path.join(WORK, "tiny.part"),
                                  "--emit-keys", os.path.join(WORK, "tiny.keys"), "--quiet"])
        costs.append(wall)
    print(f"one spend partial of a one-line shard (fixed cost of a shard outside Spark): {sorted(costs)[2]:.2f} s (median of 5)")


if __name__ == "__main__":
    main()
