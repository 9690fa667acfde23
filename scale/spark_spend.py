#!/usr/bin/env python3
"""spend on Apache Spark: the reports of `spend analyze` over many dumps, computed shard by shard on a cluster.

    spark-submit scale/spark_spend.py --config spend.toml --invoices hdfs:///dumps/ --out Reports --spend ./spend
    python scale/spark_spend.py --config spend.toml --invoices dumps/ --out Reports --master 'local[2]'

The run's files (a folder: its *.csv sorted, then its *.csv.gz sorted; globs sorted; or the config's
[input] invoices, expanded as spend expands them) are cut into shards of consecutive files. Spark ships the spend
binary, the config and the reference tables it names to the executors (SparkContext.addFile / SparkFiles) and:

1. runs `spend partial --emit-keys` per shard: the shard's part (its mergeable state) and its duplicate keys,
   each with the file:line it first stands at;
2. shuffles the keys by key (buckets of the key's top bits): for a key found in several shards, every later shard
   is handed the key with its first place in the run;
3. runs `spend partial --earlier` again for the shards that hold keys of earlier shards, which then drop those
   lines as duplicates naming the line they repeat (SPEC section 4), exactly as one run does;
4. brings the parts to the driver and runs `spend merge`, which writes the same bytes as `spend analyze` over
   the same files in the same order.

Local paths are read in place by the executors (local mode, or a file system every node mounts); the reports
name them as given. Other paths (hdfs://, s3a://, ...) are listed through Hadoop and read with
SparkContext.binaryFiles; the reports name them by their path below the folder given.

Exit codes are spend's: 0 done, 64 bad command line, 65 unusable input, 66 missing input, 73 cannot write.
"""
import argparse, fnmatch, glob, json, os, re, secrets, shutil, struct, subprocess, sys, tempfile, time, tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KEY_BUCKET_BITS = 6          # 64 buckets of keys in the shuffle
REFERENCE_KEYS = {"rules": "--rules", "contracts": "--contracts", "organisation": "--org",
                  "currency_rates": "--currency-rates", "published": "--published"}


class SpendFailed(Exception):
    """spend exited non-zero; `code` is its exit code, the message its stderr."""
    def __init__(self, code, message):
        super().__init__(f"spend exited with {code} [SPEND_EXIT={code}]: {message}")
        self.code = code


# ---------------------------------------------------------------------------------------------------------------
# The run's files and shards (driver side)

def is_remote(path):
    """A URI (hdfs://, s3a://, file://, ...): listed through Hadoop and read by Spark, not by spend in place."""
    return "://" in path


def expand_local(pattern):
    """A folder's *.csv then *.csv.gz, each sorted; a glob sorted; a plain path as it stands (as spend does)."""
    if os.path.isdir(pattern):
        base = pattern.rstrip("/")
        return sorted(glob.glob(base + "/*.csv")) + sorted(glob.glob(base + "/*.csv.gz"))
    if any(c in pattern for c in "*?["):
        return sorted(glob.glob(pattern))
    return [pattern]


def expand_remote(sc, pattern):
    """A folder's or glob's files through Hadoop's FileSystem, as (full URI, name, bytes)."""
    jvm = sc._jvm
    path = jvm.org.apache.hadoop.fs.Path(pattern)
    fs = path.getFileSystem(sc._jsc.hadoopConfiguration())
    out = []
    if not any(c in pattern for c in "*?[") and fs.exists(path) and fs.getFileStatus(path).isDirectory():
        statuses = [s for s in fs.listStatus(path) if s.isFile()]
        names = [s.getPath().getName() for s in statuses]
        chosen = sorted(n for n in names if n.endswith(".csv")) + sorted(n for n in names if n.endswith(".csv.gz"))
        by_name = {s.getPath().getName(): s for s in statuses}
        return [(by_name[n].getPath().toString(), n, by_name[n].getLen()) for n in chosen]
    statuses = fs.globStatus(path) or []
    for s in sorted(statuses, key=lambda s: s.getPath().toString()):
        if s.isFile():
            out.append((s.getPath().toString(), s.getPath().getName(), s.getLen()))
    return out


def size_of(path):
    try:
        return os.path.getsize(path)
    except OSError:
        return 1


def cut_shards(files, sizes, shards, checked):
    """Consecutive files in `shards` shards of about equal bytes; with the duplicate check on, at least two files a
    shard where there are enough (spend's fast path checks duplicates only over several files)."""
    n = len(files)
    least = 2 if checked and n >= 2 else 1
    shards = max(1, min(shards, n // least))
    total = float(sum(sizes)) or 1.0
    bounds, start, acc = [], 0, 0.0
    for k in range(1, shards):
        target = total * k / shards
        end = start + least
        acc = sum(sizes[:end])
        while end < n - least * (shards - k) and acc + sizes[end] / 2 < target:
            acc += sizes[end]
            end += 1
        bounds.append((start, end))
        start = end
    bounds.append((start, n))
    return bounds


# ---------------------------------------------------------------------------------------------------------------
# Duplicate keys (spend-keys/1: a JSON header line, then 16-byte records: key, file << 40 | line; sorted by key)

def read_keys(blob):
    nl = blob.index(b"\n")
    header = json.loads(blob[:nl])
    return header, memoryview(blob)[nl + 1:]


def key_buckets(shard, blob):
    """The shard's sorted key records cut into buckets by the key's top bits: (bucket, (shard, records))."""
    _, recs = read_keys(blob)
    count = len(recs) // 16
    shift = 64 - KEY_BUCKET_BITS
    out, start = [], 0
    for b in range(1 << KEY_BUCKET_BITS):
        lo, hi = start, count
        limit = (b + 1) << shift
        while lo < hi:                      # the first record whose key is in a later bucket
            mid = (lo + hi) // 2
            if struct.unpack_from("<Q", recs, 16 * mid)[0] < limit:
                lo = mid + 1
            else:
                hi = mid
        if lo > start:
            out.append((b, (shard, bytes(recs[16 * start:16 * lo]))))
        start = lo
    return out


def resolve_bucket(items):
    """For the keys of one bucket from every shard: each key found in an earlier shard goes to every later shard
    holding it, with its first place in the run (the earliest shard's, whose files come first)."""
    first = {}
    for shard, recs in sorted(items, key=lambda t: t[0]):
        out = bytearray()
        for key, place in struct.iter_unpack("<QQ", recs):
            p = first.get(key)
            if p is None:
                first[key] = place
            else:
                out += struct.pack("<QQ", key, p)
        if out:
            yield shard, bytes(out)


def earlier_file(path, chunks, names):
    """Writes a shard's earlier keys (from every bucket) as a spend-keys/1 file naming the files they stand in."""
    data = b"".join(chunks)
    files = {}
    for i in range(0, len(data), 16):
        f = struct.unpack_from("<Q", data, i + 8)[0] >> 40
        if f not in files:
            files[f] = names[f]
    header = {"schema": "spend-keys/1", "records": len(data) // 16, "files": {str(k): v for k, v in sorted(files.items())}}
    with open(path, "wb") as f:
        f.write(json.dumps(header, ensure_ascii=False, sort_keys=True).encode() + b"\n")
        f.write(data)


# ---------------------------------------------------------------------------------------------------------------
# The tasks (executor side)

def run_spend(args, cwd=None, person_key=None):
    env = dict(os.environ, SPEND_PERSON_KEY=person_key) if person_key else None
    p = subprocess.run(args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        raise SpendFailed(p.returncode, p.stderr.decode(errors="replace").strip())
    return p.stderr.decode(errors="replace")


def shard_task(plan, shard, items, earlier_chunks=None):
    """Runs `spend partial` for one shard: stage 1 (emit keys) when `earlier_chunks` is None, else stage 2.
    Returns (part bytes, key bytes or None, seconds)."""
    from pyspark import SparkFiles
    start = time.time()
    work = tempfile.mkdtemp(prefix=f"spend-shard{shard}-")
    try:
        spend = SparkFiles.get(plan["spend"])
        if not os.access(spend, os.X_OK):
            os.chmod(spend, 0o755)
        first, end = plan["shards"][shard]
        cwd = plan["cwd"] if os.path.isdir(plan["cwd"]) else None
        if plan["remote"]:
            cwd = work + "/files"
            for kind, payload in items:
                if kind == "file":
                    index, content = payload
                    target = os.path.join(cwd, plan["names"][index])
                    os.makedirs(os.path.dirname(target), exist_ok=True)
                    with open(target, "wb") as f:
                        f.write(content)
        files = plan["names"][first:end]
        args = [spend, "partial", "--quiet", "--threads", str(plan["threads"]),
                "--first-file", str(first), "--run-files", str(len(plan["names"])), "--out", work + "/part"]
        if plan["config"]:
            args += ["--config", SparkFiles.get(plan["config"])]
        for flag, name in plan["tables"]:
            args += [flag, SparkFiles.get(name)]
        args += plan["extra"] + ["--invoices"] + files
        if earlier_chunks is None:
            args += ["--emit-keys", work + "/keys"]
        else:
            earlier_file(work + "/earlier", earlier_chunks, plan["names"])
            args += ["--earlier", work + "/earlier"]
        run_spend(args, cwd=cwd, person_key=plan["person_key"])
        with open(work + "/part", "rb") as f:
            part = f.read()
        keys = None
        if earlier_chunks is None:
            with open(work + "/keys", "rb") as f:
                keys = f.read()
        return part, keys, time.time() - start
    finally:
        shutil.rmtree(work, ignore_errors=True)


def stage1(plan):
    def run(index, items):
        items = list(items)
        shard = index
        part, keys, seconds = shard_task(plan, shard, [v for _, v in items])
        yield shard, part, keys, seconds
    return run


def stage2(plan):
    def run(index, items):
        items = list(items)
        chunks = [v[1] for _, v in items if v[0] == "earlier"]
        if not chunks:
            return
        files = [v for _, v in items if v[0] == "file"]
        part, _, seconds = shard_task(plan, index, files, earlier_chunks=chunks)
        yield index, part, seconds
    return run


# ---------------------------------------------------------------------------------------------------------------
# The driver

def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--config", help="spend.toml: reference tables, settings and (unless --invoices) the invoices")
    p.add_argument("--invoices", nargs="+", help="folders, globs or files of dumps: local, hdfs://, s3a://, ...")
    p.add_argument("--out", help="reports folder (default: the config's [output] dir, else Reports)")
    p.add_argument("--format", help="output formats, comma-separated (default: the config's)")
    p.add_argument("--shards", type=int, help="number of shards (default: twice Spark's default parallelism)")
    p.add_argument("--spend", default=None, help="the spend binary to ship (default: .build/release/spend, else spend on PATH)")
    p.add_argument("--master", default=None, help="Spark master when not run by spark-submit (default: local[*])")
    p.add_argument("--threads", type=int, default=1, help="threads of each spend partial (default 1: one task, one core)")
    p.add_argument("--work", help="driver-side folder for the parts (default: a temporary one, removed after)")
    p.add_argument("--timings", action="store_true", help="print a JSON line of stage timings to stdout")
    p.add_argument("spend_args", nargs="*", help="after --: more options for spend partial (e.g. --year 2022)")
    return p.parse_args(argv)


def find_spend(given):
    if given:
        return os.path.abspath(given)
    built = os.path.join(ROOT, ".build/release/spend")
    if os.path.exists(built):
        return built
    found = shutil.which("spend")
    if not found:
        sys.exit("spark_spend: no spend binary (build it with `swift build -c release` or give --spend)")
    return found


def plan_run(args, sc):
    """What every task needs: the binary and tables to fetch by name, the run's files and shards."""
    config = {}
    base = os.getcwd()
    if args.config:
        with open(args.config, "rb") as f:
            config = tomllib.load(f)
        base = os.path.dirname(os.path.abspath(args.config))

    def resolve(p):
        return p if os.path.isabs(p) or is_remote(p) else os.path.join(base, p)

    shipped, tables = {}, []

    def ship(path):
        name = os.path.basename(path)
        if shipped.get(name, path) != path:
            sys.exit(f"spark_spend: {path} and {shipped[name]} have the same name; executors get files by name")
        if name not in shipped:
            if not os.path.exists(path):
                print(f"spend: error: {path}: no such file", file=sys.stderr)
                sys.exit(66)
            shipped[name] = path
            sc.addFile(path)
        return name

    spend = ship(find_spend(args.spend))
    for key, flag in REFERENCE_KEYS.items():
        if key in config.get("reference", {}):
            tables.append((flag, ship(resolve(config["reference"][key]))))
    profile = config.get("input", {}).get("profile")
    if profile and profile.endswith(".toml"):
        tables.append(("--profile", ship(resolve(profile))))
    config_name = ship(os.path.abspath(args.config)) if args.config else None

    patterns = args.invoices or [resolve(p) for p in (lambda v: [v] if isinstance(v, str) else v)(config.get("input", {}).get("invoices", []))]
    if not patterns:
        sys.exit("spark_spend: no invoices (--invoices, or [input] invoices in --config)")
    remote = any(is_remote(p) for p in patterns)
    if remote and not all(is_remote(p) for p in patterns):
        sys.exit("spark_spend: give either local paths or remote ones (hdfs://, s3a://, ...), not both")
    if remote:
        listed = []
        for p in patterns:
            listed += expand_remote(sc, p)
        uris, names, sizes = [u for u, _, _ in listed], [n for _, n, _ in listed], [z for _, _, z in listed]
        if not uris:
            print(f"spend: error: {', '.join(patterns)}: no such file", file=sys.stderr)
            sys.exit(66)
    else:
        names = []
        for p in patterns:
            names += expand_local(p)
        if not names and patterns:
            names = [patterns[0]]
        uris, sizes = names, [size_of(n) for n in names]
    seen = set()
    for n in names:
        if n in seen:
            sys.exit(f"spark_spend: {n} is named twice")
        seen.add(n)
    checked = len(names) > 1
    shards = cut_shards(names, sizes, args.shards or 2 * sc.defaultParallelism, checked)
    return {"spend": spend, "spend_path": shipped[spend], "config": config_name,
            "config_path": os.path.abspath(args.config) if args.config else None, "tables": tables,
            "extra": args.spend_args, "threads": args.threads, "names": names, "uris": uris,
            "remote": remote, "shards": shards, "cwd": os.getcwd(),
            "out": args.out or (resolve(config["output"]["dir"]) if "dir" in config.get("output", {}) else "Reports"),
            "formats": args.format,
            # One secret for every shard of the run, so a sole trader's key is the same in all parts and no part
            # holds a hash of a personnummer that anyone could reverse (`SPEND_PERSON_KEY`; the run's own if unset).
            "person_key": os.environ.get("SPEND_PERSON_KEY") or secrets.token_urlsafe(32)}


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from pyspark import SparkConf, SparkContext, StorageLevel
    conf = SparkConf().setAppName("spend").set("spark.ui.enabled", "false").set("spark.ui.showConsoleProgress", "false")
    if args.master:
        conf.setMaster(args.master)
    elif not conf.contains("spark.master"):
        conf.setMaster("local[*]")
    sc = SparkContext.getOrCreate(conf)
    sc.setLogLevel("ERROR")
    work = args.work or tempfile.mkdtemp(prefix="spend-spark-")
    os.makedirs(work, exist_ok=True)
    timings = {}
    t0 = time.time()
    try:
        plan = plan_run(args, sc)
        n = len(plan["shards"])
        shard_of = {}
        for s, (a, b) in enumerate(plan["shards"]):
            for i in range(a, b):
                shard_of[i] = s
        # The shards' input, one partition a shard: nothing for local files, their bytes for remote ones.
        if plan["remote"]:
            index_of = {u: i for i, u in enumerate(plan["uris"])}
            inputs = sc.binaryFiles(",".join(plan["uris"]), minPartitions=n) \
                .map(lambda kv: (shard_of[index_of[kv[0]]], ("file", (index_of[kv[0]], kv[1]))))
        else:
            inputs = sc.parallelize([(s, ("spec", None)) for s in range(n)], n)
        inputs = inputs.partitionBy(n, lambda s: s).persist(StorageLevel.MEMORY_AND_DISK)

        t = time.time()
        first = inputs.mapPartitionsWithIndex(stage1(plan)).persist(StorageLevel.MEMORY_AND_DISK)
        task_seconds = first.map(lambda r: r[3]).collect()
        timings["stage1"] = time.time() - t
        timings["stage1_tasks"] = task_seconds

        t = time.time()
        earlier = first.flatMap(lambda r: key_buckets(r[0], r[2])) \
            .groupByKey(max(1, sc.defaultParallelism)) \
            .flatMap(lambda kv: resolve_bucket(list(kv[1]))) \
            .map(lambda kv: (kv[0], ("earlier", kv[1]))) \
            .persist(StorageLevel.MEMORY_AND_DISK)
        again = set(earlier.keys().distinct().collect())
        timings["keys"] = time.time() - t

        t = time.time()
        second = inputs.filter(lambda kv: kv[0] in again).union(earlier) \
            .partitionBy(n, lambda s: s).mapPartitionsWithIndex(stage2(plan)).persist(StorageLevel.MEMORY_AND_DISK)
        second.count()  # every shard at once; the parts are then fetched one at a time
        parts = []
        for shard, part, seconds in second.toLocalIterator():
            path = os.path.join(work, f"part-{shard:05d}.part")
            with open(path, "wb") as f:
                f.write(part)
            parts.append(path)
            timings.setdefault("stage2_tasks", []).append(seconds)
        timings["stage2"] = time.time() - t
        for shard, part, _, _ in first.filter(lambda r: r[0] not in again).toLocalIterator():
            path = os.path.join(work, f"part-{shard:05d}.part")
            with open(path, "wb") as f:
                f.write(part)
            parts.append(path)

        t = time.time()
        merge = [plan["spend_path"], "merge", *sorted(parts), "--out", plan["out"]]
        if plan.get("config_path"):
            # paths in the outputs are shown relative to the config file, as `spend analyze --config` shows them
            merge += ["--config", plan["config_path"]]
        if plan["formats"]:
            merge += ["--format", plan["formats"]]
        p = subprocess.run(merge)
        timings["merge"] = time.time() - t
        timings["total"] = time.time() - t0
        timings["shards"] = n
        timings["rerun"] = len(again)
        if args.timings:
            print(json.dumps(timings))
        return p.returncode
    except Exception as e:   # a task's spend failure comes back wrapped by Spark: pass its exit code on
        m = re.search(r"SPEND_EXIT=(\d+)", str(e))
        if not m:
            raise
        detail = re.search(r"spend exited with \d+ \[SPEND_EXIT=\d+\]: (.*?)(\s+SQLSTATE|\n\s+at |\nTraceback|\Z)", str(e), re.S)
        print(detail.group(1).strip() if detail else str(e), file=sys.stderr)
        return int(m.group(1))
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
        sc.stop()


if __name__ == "__main__":
    sys.exit(main())
