#!/usr/bin/env python3
"""make bench: spend against DuckDB on three shapes of Proceedo ledger, same figures, one table per shape.

Shapes (each generated once at BENCH_LINES lines, default 5 million, cached in the git-ignored .bench/):
- reference: the reference data set scaled with `spend fixtures --scale` (years concatenated), ~1 300 distinct
  (supplier, account, text) combinations;
- diverse: bench/ledgergen.py's ledger: 24 000 suppliers with ids in every spelling, name variants, 1 200 accounts,
  2 400 cost centres, a vocabulary of a few thousand texts, quoted texts with `;`, quotes and line breaks;
- freetext: the same with every description unique;
- quoted: the reference ledger with every field quoted, as exports that quote everything write it (not in the
  default BENCH_SHAPES; its figures must equal the reference shape's when both run).
For each: spend on 2 and 1 threads (json), spend --format json,sqlite, the reference path (`--parser libcsv`) on
the reference shape only, and DuckDB's formulations (bench/duckdb_forms.py) on 2 threads, the fastest also on 1;
every run's figures are compared with spend's. Knobs: BENCH_SHAPES (reference,diverse,freetext), BENCH_LINES,
BENCH_SCALE (reference only; default BENCH_LINES / 200 000), BENCH_RUNS (3), BENCH_STAT (min: each side's best run,
the default; or median), BENCH_SLOW (60: a spend run slower than this many seconds is not repeated), BENCH_FORMS
(DuckDB formulations to try), BENCH_SPEND (the binary), BENCH_BIG=1 (also a 20-million-line free-text ledger: spend
on 2 threads, peak RSS).
Writes the tables to .bench/results.md too; exits 1 when any figures differ or a run fails.
"""
import json, os, statistics, subprocess, sys, time
from collections import namedtuple

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import duckdb_forms  # noqa: E402
import ledgergen  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, ".bench")
SPEND = os.environ.get("BENCH_SPEND", os.path.join(ROOT, ".build/release/spend"))
LINES = int(os.environ.get("BENCH_LINES", "5000000"))
SCALE = int(os.environ.get("BENCH_SCALE", str(max(1, round(LINES / 200_000)))))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
STAT = os.environ.get("BENCH_STAT", "min")
if STAT not in ("min", "median"):
    sys.exit(f"BENCH_STAT: {STAT!r} is neither min nor median")
pick = min if STAT == "min" else statistics.median
SHAPES = [s.strip() for s in os.environ.get("BENCH_SHAPES", "reference,diverse,freetext").split(",") if s.strip()]
FORMS = [f.strip() for f in os.environ.get("BENCH_FORMS", ",".join(duckdb_forms.FORMS)).split(",") if f.strip()]
BIG = os.environ.get("BENCH_BIG", "") not in ("", "0")
SLOW = float(os.environ.get("BENCH_SLOW", "60"))  # seconds: a spend run slower than this is not repeated
BIG_LINES = int(os.environ.get("BENCH_BIG_LINES", "20000000"))
CATEGORY = "IT och telekom"
GEN_VERSION = {"diverse": 1, "freetext": 2}  # bump when ledgergen.py changes what it writes: the cache is made again


FIGURES = {}  # spend's figures per shape benchmarked


class RunFailed(Exception):
    pass


# Wall and CPU (user + sys, all threads) seconds over a command's runs, the best (BENCH_STAT=min, the default: a
# shared machine's other work only ever adds time, to either side) or the median; peak RSS (MB). CPU time says more
# than wall time on a machine shared with other work.
Measure = namedtuple("Measure", "wall cpu rss")


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def reference_tables():
    """The reference set's rule table, contracts and organisation map (also the reference ledger at SCALE)."""
    data = os.path.join(BENCH, f"data-x{SCALE}")
    if not os.path.exists(os.path.join(data, ".complete")):
        log(f"generating the reference data set at scale {SCALE} into {os.path.relpath(data, ROOT)}")
        subprocess.run([SPEND, "fixtures", "--out", data, "--scale", str(SCALE)], check=True, stdout=subprocess.DEVNULL)
        open(os.path.join(data, ".complete"), "w").close()
    return data


def ledger(shape, data, lines=LINES):
    """The cached ledger of a shape, made when missing (written to a temp file, renamed when complete)."""
    if shape == "reference":
        path = os.path.join(BENCH, f"ledger-x{SCALE}.csv")
    elif shape == "quoted":
        path = os.path.join(BENCH, f"ledger-quoted-x{SCALE}.csv")
    else:
        path = os.path.join(BENCH, f"ledger-{shape}-{lines}-v{GEN_VERSION[shape]}.csv")
    if os.path.exists(path) and (shape != "quoted" or os.path.getmtime(path) >= os.path.getmtime(ledger("reference", data))):
        return path  # (the quoted ledger is made again when the reference one is newer)
    start = time.perf_counter()
    log(f"generating the {shape} ledger into {os.path.relpath(path, ROOT)} (once)")
    if shape == "reference":
        with open(path + ".tmp", "wb") as out:
            for i, year in enumerate(["2020", "2021", "2022"]):
                with open(os.path.join(data, "ledger", f"proceedo-{year}.csv"), "rb") as f:
                    header = f.readline()
                    if i == 0:
                        out.write(header)
                    while chunk := f.read(1 << 24):
                        out.write(chunk)
    elif shape == "quoted":
        import csv
        with open(ledger("reference", data), newline="", encoding="utf-8") as f, \
                open(path + ".tmp", "w", newline="", encoding="utf-8") as out:
            w = csv.writer(out, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
            for rec in csv.reader(f, delimiter=";"):
                w.writerow(rec)
    else:
        ledgergen.generate(shape, lines, path + ".tmp", data)
    os.rename(path + ".tmp", path)
    log(f"  {time.perf_counter() - start:.0f} s")
    return path


def shape_stats(path):
    """How varied a ledger is (distinct ids, accounts, cost centres, texts, combinations), counted once by DuckDB
    and cached next to it."""
    cache = path + ".stats.json"
    if os.path.exists(cache):
        with open(cache) as f:
            return json.load(f)
    import duckdb
    con = duckdb.connect()
    src = f"read_csv({duckdb_forms.lit(path)}, delim=';', header=true, quote='\"', escape='\"', all_varchar=true)"
    org = duckdb_forms.org_sql('"Organisationsnummer"')
    row = con.execute(f"""SELECT count(*), count(DISTINCT "Organisationsnummer"), count(DISTINCT {org}),
        count(DISTINCT "Leverantör"), count(DISTINCT "Konto"), count(DISTINCT "Kst"), count(DISTINCT "Köpet avser"),
        count(DISTINCT ({org}, "Leverantör", "Konto", "Köpet avser")) FROM {src}""").fetchone()
    keys = ["rows", "id_spellings", "ids", "names", "accounts", "cost_centres", "texts", "combinations"]
    stats = dict(zip(keys, row))
    with open(cache, "w") as f:
        json.dump(stats, f)
    return stats


def timed(cmd):
    """Wall time, CPU time, peak RSS (MB) and stderr of one command; CPU and RSS from GNU time (a forked child's own
    ru_maxrss would count the Python parent's pages before exec)."""
    rss_file = os.path.join(BENCH, "rss.txt")
    start = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", "-o", rss_file, *cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    err = p.stderr.decode(errors="replace")
    if p.returncode != 0:
        raise RunFailed(f"exit {p.returncode}: {' '.join(cmd)}\n{err[-3000:]}")
    with open(rss_file) as f:
        user, system, rss_kb = f.read().split()[-3:]
    return wall, float(user) + float(system), int(rss_kb) / 1024, err


def spend_cmd(data, path, out, formats="json", extra=()):
    return [SPEND, "analyze", "--invoices", path, "--profile", "proceedo", "--rules", f"{data}/regler.csv",
            "--contracts", f"{data}/avtal.csv", "--org", f"{data}/organisation.csv", "--category", CATEGORY,
            "--out", out, "--format", formats, "--quiet", *extra]


def spend_figures(out):
    figs, rows = {}, None
    for year in (2020, 2021, 2022):
        with open(os.path.join(out, str(year), "summary.json")) as f:
            s = json.load(f)
        rows = s["rows"]
        figs[("total", year)] = round(s["total"] * 100)
        figs[("off", year)] = round(s["loyalty"]["off_contract"] * 100)
        figs[("lines", year)] = s["lines"]
        for sub in s["subcategories"]:
            figs[("sub", year, sub["name"])] = round(sub["amount"] * 100)
        for b in s["boards"]:
            figs[("board", year, b["name"])] = round(b["amount"] * 100)
    return figs, rows


def spend_job(cmd):
    """One spend run: wall, CPU, peak RSS."""
    return lambda: timed(cmd)[:3]


def duckdb_job(form, data, path, threads):
    """One DuckDB run as a child process, so RSS is its own; wall and CPU time from the first statement to the
    figures (Python's start and DuckDB's import left out): wall, CPU, peak RSS, figures."""
    def run():
        log(f"  DuckDB {form}, {threads} thread{'s' if threads > 1 else ''}")
        _, _, rss, err = timed([sys.executable, __file__, "--duckdb-once", form, data, path, str(threads)])
        res = json.loads(err.strip().splitlines()[-1])
        return res["wall"], res["cpu"], rss, {tuple(k): v for k, v in res["figs"]}
    return run


def warmed(path, job):
    """The job, run after the ledger is read once more untimed: this host drops clean file pages from its page cache
    within minutes (watched with `fincore`, 2026-11-23), so without it a run may read part of the ledger from disk."""
    def run():
        with open(path, "rb", buffering=0) as f:
            while f.read(1 << 24):
                pass
        return job()
    return run


def rounds(jobs, runs):
    """Each job's Measure (and the last figures it gave, when it gives any) over `runs` rounds in which the jobs take
    turns, so a busy spell of the shared machine falls on all of them alike rather than on one; a job slower than
    SLOW seconds is not repeated."""
    done = {name: [] for name in jobs}
    for _ in range(runs):
        for name, job in jobs.items():
            if done[name] and done[name][-1][0] > SLOW:
                continue
            done[name].append(job())
    out = {}
    for name, rs in done.items():
        m = Measure(pick([r[0] for r in rs]), pick([r[1] for r in rs]), max(r[2] for r in rs))
        out[name] = (m, rs[-1][3] if len(rs[-1]) > 3 else None)
    return out


def differences(ours, theirs):
    diffs = sorted((k for k in set(ours) | set(theirs) if ours.get(k) != theirs.get(k)), key=str)
    return [f"{k}: spend {ours.get(k)} duckdb {theirs.get(k)}" for k in diffs]


def met(ok):
    return "met" if ok else "NOT MET"


def bench_shape(shape, data):
    """The markdown section of one shape, and whether its figures all agree."""
    path = ledger(shape, data)
    size_mb = os.path.getsize(path) / 1e6
    stats = shape_stats(path)
    rows = stats["rows"]
    out2, out1, outs, outr = (os.path.join(BENCH, f"out-{shape}{x}") for x in ("", "-1", "-sqlite", "-ref"))
    jobs = {
        "2": spend_job(spend_cmd(data, path, out2, extra=("--threads", "2"))),
        "1": spend_job(spend_cmd(data, path, out1, extra=("--threads", "1"))),
        "sqlite": spend_job(spend_cmd(data, path, outs, formats="json,sqlite", extra=("--threads", "2"))),
    }
    jobs.update({form: duckdb_job(form, data, path, 2) for form in FORMS})
    jobs = {name: warmed(path, job) for name, job in jobs.items()}
    log(f"{shape}: spend on 2 and 1 threads, --format json,sqlite and DuckDB's formulations on 2 threads, by turns")
    done = rounds(jobs, RUNS)
    s2, s1, sq = done["2"][0], done["1"][0], done["sqlite"][0]
    duck = {form: done[form] for form in FORMS}
    ours, counts = spend_figures(out2)
    paths = {"1 thread": spend_figures(out1)[0], "json,sqlite": spend_figures(outs)[0]}
    ref = None
    if shape == "reference":
        log(f"{shape}: spend --parser libcsv")
        ref = rounds({"libcsv": warmed(path, spend_job(spend_cmd(data, path, outr, extra=("--parser", "libcsv"))))}, 1)
        ref = ref["libcsv"][0]
        paths["libcsv"] = spend_figures(outr)[0]
    best = min(duck, key=lambda f: duck[f][0].wall)
    log(f"{shape}: DuckDB {best} on 1 thread")
    duck1 = rounds({best: warmed(path, duckdb_job(best, data, path, 1))}, RUNS)[best]

    def row(name, m, ratio=True):
        r = f"{m.wall / s2.wall:.2f}" if ratio else "–"
        return f"| {name} | {m.wall:.2f} | {rows / m.wall:,.0f} | {size_mb / m.wall:,.0f} | {m.rss:,.0f} | {r} | {m.cpu:.2f} |"
    lines = [
        f"### {shape}",
        "",
        f"ledger: {rows:,} rows, {size_mb:,.0f} MB ({os.path.relpath(path, ROOT)}); {stats['ids']:,} supplier ids in "
        f"{stats['id_spellings']:,} spellings, {stats['names']:,} names, {stats['accounts']:,} accounts, "
        f"{stats['cost_centres']:,} cost centres, {stats['texts']:,} texts, {stats['combinations']:,} distinct "
        f"(id, name, account, text); {'best' if STAT == 'min' else 'medians'} of {RUNS} runs taking turns (a run over {SLOW:.0f} s is not repeated), {os.cpu_count()} cores",
        "",
        "| pipeline | wall s | rows/s | MB/s | peak RSS MB | spend's speed ÷ this | CPU s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        row("spend analyze (json), 2 threads", s2),
        row("spend analyze (json), 1 thread", s1),
    ]
    if ref:
        lines.append(row("spend --parser libcsv (reference path)", ref))
    lines.append(row("spend analyze --format json,sqlite, 2 threads", sq, ratio=False))
    lines.append(row(f"DuckDB {best}, 1 thread", duck1[0]))
    for form in FORMS:
        lines.append(row(f"DuckDB {form}, 2 threads{' (best)' if form == best else ''}", duck[form][0]))
    lines.append("")
    same = all(f == ours for f in paths.values())
    lines.append(f"spend's runs ({', '.join(['2 threads', *paths])}): " + ("identical figures" if same else "FIGURES DIFFER: " + "; ".join(
        f"{name}: " + "; ".join(differences(ours, f)[:5]) for name, f in paths.items() if f != ours)))
    agree = same
    for form in FORMS + ["1 thread"]:
        theirs = duck1[1] if form == "1 thread" else duck[form][1]
        d = differences(ours, theirs)
        label = f"DuckDB {best}, 1 thread" if form == "1 thread" else f"DuckDB {form}"
        if d:
            agree = False
            lines.append(f"figures of {label}: DIFFER in {len(d)} of {len(ours)}: " + "; ".join(d[:10]))
    if agree:
        lines.append(f"figures: identical ({len(ours)} compared with every DuckDB run: totals, off-contract, lines, "
                     "subcategories and boards per year)")
    lines.append(f"spend's row counts: {counts}")
    ratio, scaling, rss, sqr = duck[best][0].wall / s2.wall, s1.wall / s2.wall, max(s2.rss, s1.rss, sq.rss), sq.wall / s2.wall
    lines.append(f"goals: {ratio:.2f}× DuckDB's best on 2 threads (≥ 4: {met(ratio >= 4)}); "
                 f"{scaling:.2f}× its own 1-thread speed (≥ 1.7: {met(scaling >= 1.7)}); "
                 f"peak RSS {rss:,.0f} MB (< 256: {met(rss < 256)}); "
                 f"json,sqlite {sqr:.2f}× json (≤ 3: {met(sqr <= 3)})")
    lines.append(f"CPU time (user + sys), for a busy machine: {duck[best][0].cpu / s2.cpu:.2f}× DuckDB's best on 2 threads; "
                 f"json,sqlite {sq.cpu / s2.cpu:.2f}× json")
    FIGURES[shape] = ours
    return "\n".join(lines), agree


def bench_big(data):
    path = ledger("freetext", data, BIG_LINES)
    size_mb = os.path.getsize(path) / 1e6
    log(f"big free-text ledger: spend, 2 threads")
    wall, cpu, rss, _ = timed(spend_cmd(data, path, os.path.join(BENCH, "out-big"), extra=("--threads", "2")))
    _, counts = spend_figures(os.path.join(BENCH, "out-big"))
    return "\n".join([
        "### freetext, big",
        "",
        f"ledger: {counts['read']:,} rows, {size_mb:,.0f} MB ({os.path.relpath(path, ROOT)}), one run",
        "",
        f"spend analyze (json), 2 threads: {wall:.2f} s ({cpu:.2f} s CPU), {counts['read'] / wall:,.0f} rows/s, peak RSS {rss:,.0f} MB "
        f"(< 256: {met(rss < 256)})"])


def main():
    os.makedirs(BENCH, exist_ok=True)
    if not os.access(SPEND, os.X_OK):
        sys.exit(f"no spend binary at {SPEND}: make release first")
    data = reference_tables()
    sections, ok = [f"## make bench, {time.strftime('%Y-%m-%d %H:%M')}, {os.path.relpath(SPEND, ROOT)}"], True
    for shape in SHAPES:
        if shape not in ("reference", "diverse", "freetext", "quoted"):
            sys.exit(f"BENCH_SHAPES: unknown shape {shape!r} (reference, diverse, freetext, quoted)")
        try:
            text, agree = bench_shape(shape, data)
        except RunFailed as e:
            text, agree = f"### {shape}\n\nFAILED: {e}", False
        ok = ok and agree
        sections.append(text)
        print(text + "\n", flush=True)
    if "diverse" in FIGURES and "freetext" in FIGURES:
        same = FIGURES["diverse"] == FIGURES["freetext"]
        text = ("free text and diverse (the same ledger but for the texts): " +
                ("identical figures, as they should be" if same else "figures DIFFER (the generator or spend is wrong)"))
        sections.append(text)
        print(text + "\n", flush=True)
    if "reference" in FIGURES and "quoted" in FIGURES:
        same = FIGURES["reference"] == FIGURES["quoted"]
        text = ("quoted and reference (the same ledger, every field quoted): " +
                ("identical figures, as they should be" if same else "figures DIFFER (a quoted field read otherwise)"))
        ok = ok and same
        sections.append(text)
        print(text + "\n", flush=True)
    if BIG:
        try:
            text = bench_big(data)
        except RunFailed as e:
            text, ok = f"### freetext, big\n\nFAILED: {e}", False
        sections.append(text)
        print(text + "\n", flush=True)
    with open(os.path.join(BENCH, "results.md"), "w") as f:
        f.write("\n\n".join(sections) + "\n")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "--duckdb-once":
        t, cpu, figs = duckdb_forms.run(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), CATEGORY)
        print(json.dumps({"wall": t, "cpu": cpu, "figs": [[list(k), v] for k, v in figs.items()]}), file=sys.stderr)
    else:
        main()
