#!/usr/bin/env python3
"""What Spark costs: one `spend analyze` process against scale/spark_spend.py in local mode with 1 and 2 executor
cores, on the 5-million-line bench ledger (`spend fixtures --scale 25`, cached in .bench/ as bench/bench.py does)
cut into overlapping dumps, and the overhead per shard (the same run cut into more and more shards).

    .venv/bin/python scale/bench_spark.py            # BENCH_SCALE=25, 32 dumps; prints Markdown tables

Every Spark run's reports are checked against the one process's, byte for byte. Everything runs in
.bench/spark-xSCALE with the dumps named relative to its spend.toml. Knobs: BENCH_SCALE (or BENCH_LINES), SPARK_DUMPS
(32), SPARK_RUNS (2: each figure is the fastest of as many runs), SPARK_SHARDS (the sweep: 2,4,8,16). Progress and
the load average go to stderr.
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
SHARDS = [int(s) for s in os.environ.get("SPARK_SHARDS", "2,4,8,16").split(",")]   # the shard sweep (local[2])
WORK = os.path.join(ROOT, ".bench", f"spark-x{bench.SCALE}")


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
    t = json.loads([l for l in p.stdout.splitlines() if l.startswith("{")][-1])
    bench.log(f"  {master}{f', {shards} shards' if shards else ''}: {wall:.1f} s {load()}")
    return wall, t


def load():
    return "(load %.1f %.1f %.1f)" % os.getloadavg()


def one(cfg, files, out, threads):
    """The fastest of RUNS runs of one `spend analyze`: wall and CPU (user + sys) seconds."""
    best = None
    for _ in range(RUNS):
        shutil.rmtree(out, ignore_errors=True)
        wall, cpu, _, _ = bench.timed([SPEND, "analyze", "--config", cfg, "--invoices", *files, "--out", out, "--threads", str(threads), "--quiet"])
        bench.log(f"  one process, {threads} thread(s): {wall:.1f} s, CPU {cpu:.1f} s {load()}")
        best = min(best or (wall, cpu), (wall, cpu))
    return best


def main():
    data = bench.reference_tables()   # its ledger/ holds the scale-SCALE ledger, one file a year
    # Everything runs in WORK with paths relative to it, where spend.toml is, as a config names its dumps: the
    # reports then show the paths as given.
    os.makedirs(WORK, exist_ok=True)
    os.chdir(WORK)
    for overlap, tag in ((0.05, "overlapping"), (0.0, "disjoint")):
        dumps = f"dumps-{DUMPS}-{tag}"
        if not os.path.exists(os.path.join(dumps, f"dump-{DUMPS:02d}.csv")):
            cut_dumps.cut(os.path.join(data, "ledger"), dumps, DUMPS, overlap)
    cfg = config(data, "spend.toml")
    bench.log(f"start {time.strftime('%Y-%m-%d %H:%M')} {load()}")
    rows = []
    for tag in ("overlapping", "disjoint"):
        dumps = f"dumps-{DUMPS}-{tag}"
        files = sorted(os.path.join(dumps, f) for f in os.listdir(dumps) if f.endswith(".csv"))
        lines = sum(1 for f in files for _ in open(f, "rb")) - len(files)
        for threads in (1, 2):
            wall, cpu = one(cfg, files, f"one-{tag}", threads)
            rows.append((tag, lines, f"one spend analyze, {threads} thread{'s' if threads > 1 else ''}", wall, cpu, None))
        for master in ("local[1]", "local[2]"):
            out = f"spark-{tag}"
            wall, t = spark(cfg, dumps, out, master)
            _, diff = demo.same(f"one-{tag}", out)
            if diff:
                sys.exit(f"Spark's reports differ from spend analyze's: {diff}")
            rows.append((tag, lines, f"Spark {master}, {t['shards']} shards", wall, None, t))
    print(f"\n{DUMPS} dumps of the scale-{bench.SCALE} ledger; the fastest of {RUNS} runs; wall seconds (Spark: the "
          "driver's whole run, JVM start included; other = wall minus the stages: JVM and Spark start, planning, parts to "
          "the driver); CPU = user + sys of one process\n")
    print("| dumps | lines | run | wall s | lines/s | CPU s | stage 1 | keys | stage 2 (shards) | merge | other |")
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for tag, lines, what, wall, cpu, t in rows:
        head = f"| {tag} | {lines:,} | {what} | {wall:.1f} | {lines / wall:,.0f} |"
        if t:
            other = wall - t["stage1"] - t["keys"] - t["stage2"] - t["merge"]
            print(f"{head} | {t['stage1']:.1f} | {t['keys']:.1f} | {t['stage2']:.1f} ({t['rerun']}) | {t['merge']:.1f} | {other:.1f} |")
        else:
            print(f"{head} {cpu:.1f} | | | | | |")
    sys.stdout.flush()

    # Overhead per shard: the disjoint dumps (no second stage) in more and more shards on 2 cores.
    dumps = f"dumps-{DUMPS}-disjoint"
    points = []
    for shards in SHARDS:
        wall, t = spark(cfg, dumps, "spark-shards", "local[2]", shards)
        points.append((t["shards"], wall, t["stage1"], sum(t["stage1_tasks"]) / len(t["stage1_tasks"])))
    print("\n| shards (local[2], disjoint dumps) | wall s | stage 1 s | mean task s |")
    print("| ---: | ---: | ---: | ---: |")
    for s, wall, stage, task in points:
        print(f"| {s} | {wall:.1f} | {stage:.1f} | {task:.2f} |")
    n = len(points)
    mx, my = sum(p[0] for p in points) / n, sum(p[1] for p in points) / n
    slope = sum((p[0] - mx) * (p[1] - my) for p in points) / sum((p[0] - mx) ** 2 for p in points)
    print(f"\noverhead per shard (least-squares slope of wall time over shards, 2 cores): {slope:.2f} s")

    # The fixed cost of one spend partial: a shard of one line (process start, tables, part and keys written).
    with open(files[0], "rb") as f, open("tiny.csv", "wb") as out:
        out.write(f.readline() + f.readline())
    costs = []
    for _ in range(5):
        wall, _, _, _ = bench.timed([SPEND, "partial", "--config", cfg, "--invoices", "tiny.csv", "--run-files", "2", "--out", "tiny.part",
                                     "--emit-keys", "tiny.keys", "--quiet"])
        costs.append(wall)
    print(f"one spend partial of a one-line shard (fixed cost of a shard outside Spark): {sorted(costs)[2]:.2f} s (median of 5)")
    bench.log(f"end {time.strftime('%Y-%m-%d %H:%M')} {load()}")


if __name__ == "__main__":
    main()
