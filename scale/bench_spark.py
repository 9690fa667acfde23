#!/usr/bin/env python3
"""What Spark costs: one `spend analyze` process against scale/spark_spend.py in local mode with 1 and 2 executor
cores, on the 5-million-line bench ledger (`spend fixtures --scale 25`, cached in .bench/ as bench/bench.py does)
cut into overlapping dumps, and the overhead per shard (the same run cut into more and more shards).

    .venv/bin/python scale/bench_spark.py            # BENCH_SCALE=25, 32 dumps; prints Markdown tables

Every Spark run's reports are checked against the one process's, byte for byte. Everything runs in
.bench/spark-xSCALE with the dumps named relative to its spend.toml. Knobs: BENCH_SCALE (or BENCH_LINES),
SPARK_DUMPS (32), SPARK_RUNS (2: each figure is the fastest of as many runs), SPARK_SWEEP_DUMPS (128) and SPARK_SHARDS
(2,16,32,64: the shard sweep, local[2], at most half as many shards as dumps), SPARK_ONLY (table or shards).
Progress and the load average go to stderr.
"""
import json, os, secrets, shutil, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "bench"))
import bench, cut_dumps, demo  # noqa: E402

SPEND = os.path.join(ROOT, ".build/release/spend")
DUMPS = int(os.environ.get("SPARK_DUMPS", "32"))
RUNS = int(os.environ.get("SPARK_RUNS", "2"))    # each figure is the fastest of RUNS runs (the machine is shared)
SWEEP_DUMPS = int(os.environ.get("SPARK_SWEEP_DUMPS", "128"))                      # the sweep's disjoint dumps
SHARDS = [int(s) for s in os.environ.get("SPARK_SHARDS", "2,16,32,64").split(",")]  # the sweep's shards (local[2])
ONLY = os.environ.get("SPARK_ONLY", "")   # "table" or "shards": one of the two measurements
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


def dumps_of(data, count, tag):
    """The ledger cut into `count` dumps, overlapping (5 %) or disjoint, cut once; their folder (relative)."""
    dumps = f"dumps-{count}-{tag}"
    if not os.path.exists(os.path.join(dumps, f"dump-{count:02d}.csv")):
        cut_dumps.cut(os.path.join(data, "ledger"), dumps, count, 0.05 if tag == "overlapping" else 0.0)
    return dumps


def main():
    data = bench.reference_tables()   # its ledger/ holds the scale-SCALE ledger, one file a year
    # Everything runs in WORK with paths relative to it, where spend.toml is, as a config names its dumps: the
    # reports then show the paths as given.
    os.makedirs(WORK, exist_ok=True)
    os.chdir(WORK)
    cfg = config(data, "spend.toml")
    bench.log(f"start {time.strftime('%Y-%m-%d %H:%M')} {load()}")
    if ONLY != "shards":
        table(data, cfg)
    if ONLY != "table":
        sweep(data, cfg)
        shard_cost(data, cfg)
    bench.log(f"end {time.strftime('%Y-%m-%d %H:%M')} {load()}")


def table(data, cfg):
    """One process on 1 and 2 threads against Spark local[1] and local[2], over overlapping and disjoint dumps."""
    rows = []
    for tag in ("overlapping", "disjoint"):
        dumps = dumps_of(data, DUMPS, tag)
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


def slope(points):
    """The least-squares slope of y over x."""
    n = len(points)
    mx, my = sum(x for x, _ in points) / n, sum(y for _, y in points) / n
    return sum((x - mx) * (y - my) for x, y in points) / sum((x - mx) ** 2 for x, _ in points)


def sweep(data, cfg):
    """Overhead per shard: the same lines as disjoint dumps (no second stage) in more and more shards on 2 cores."""
    dumps = dumps_of(data, SWEEP_DUMPS, "disjoint")
    points = []
    for shards in SHARDS:
        wall, t = spark(cfg, dumps, "spark-shards", "local[2]", shards)
        points.append((t["shards"], wall, t["stage1"], sum(t["stage1_tasks"]), t["merge"]))
    print(f"\n{SWEEP_DUMPS} disjoint dumps of the scale-{bench.SCALE} ledger, Spark local[2], the fastest of {RUNS} runs\n")
    print("| shards | wall s | stage 1 s | Σ stage-1 task s | mean task s | merge s |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for s, wall, stage, tasks, merge in points:
        print(f"| {s} | {wall:.1f} | {stage:.1f} | {tasks:.1f} | {tasks / s:.2f} | {merge:.1f} |")
    print(f"\noverhead per shard (least-squares slope over shards, 2 cores): wall {slope([(p[0], p[1]) for p in points]):.3f} s, "
          f"stage 1 {slope([(p[0], p[2]) for p in points]):.3f} s, Σ task s {slope([(p[0], p[3]) for p in points]):.3f} s, "
          f"merge {slope([(p[0], p[4]) for p in points]):.3f} s")
    sys.stdout.flush()


def shard_cost(data, cfg):
    """The fixed cost of one spend partial: a shard of one line (process start, tables, part and keys written)."""
    with open(os.path.join(dumps_of(data, DUMPS, "disjoint"), "dump-01.csv"), "rb") as f, open("tiny.csv", "wb") as out:
        out.write(f.readline() + f.readline())
    costs = []
    # a part of a sharded run carries keyed duplicate keys: spend partial wants the run's secret, as the driver gives it
    os.environ.setdefault("SPEND_PERSON_KEY", secrets.token_urlsafe(32))
    for _ in range(5):
        wall, _, _, _ = bench.timed([SPEND, "partial", "--config", cfg, "--invoices", "tiny.csv", "--run-files", "2", "--out", "tiny.part",
                                     "--emit-keys", "tiny.keys", "--quiet"])
        costs.append(wall)
    print(f"one spend partial of a one-line shard (fixed cost of a shard outside Spark): {sorted(costs)[2]:.2f} s (median of 5)")


if __name__ == "__main__":
    main()
