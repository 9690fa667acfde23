#!/usr/bin/env python3
"""make bench: spend against DuckDB on the same generated Proceedo ledger, same figures, throughput table.

Generates (once, cached in .bench/) a ledger of about 5 million lines with `spend fixtures --scale`, runs
`spend analyze` and DuckDB's best SQL formulation of the same analysis (1 and 2 threads), checks that both give
the same figures, and prints medians of several runs. DuckDB is a benchmark oracle only, never part of spend.
"""
import csv, json, os, re, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, ".bench")
SPEND = os.path.join(ROOT, ".build/release/spend")
SCALE = int(os.environ.get("BENCH_SCALE", "25"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
CATEGORY = "IT och telekom"


def ledger():
    data = os.path.join(BENCH, f"data-x{SCALE}")
    path = os.path.join(BENCH, f"ledger-x{SCALE}.csv")
    if not os.path.exists(path):
        subprocess.run([SPEND, "fixtures", "--out", data, "--scale", str(SCALE)], check=True)
        with open(path + ".tmp", "wb") as out:
            for i, year in enumerate(["2020", "2021", "2022"]):
                with open(os.path.join(data, "ledger", f"proceedo-{year}.csv"), "rb") as f:
                    header = f.readline()
                    if i == 0:
                        out.write(header)
                    while chunk := f.read(1 << 24):
                        out.write(chunk)
        os.rename(path + ".tmp", path)
    return data, path


def timed(cmd, env=None):
    """Wall time and peak RSS (MB) of one command, the RSS from GNU time (a forked child's own ru_maxrss would
    count the Python parent's pages before exec)."""
    rss_file = os.path.join(BENCH, "rss.txt")
    start = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss_file, *cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    wall = time.perf_counter() - start
    err = p.stderr.decode()
    if p.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{err}")
    with open(rss_file) as f:
        rss_kb = int(f.read().split()[-1])
    return wall, rss_kb / 1024, err


def spend_run(data, path, out, formats="json", extra=()):
    return timed([SPEND, "analyze", "--invoices", path, "--profile", "proceedo", "--rules", f"{data}/regler.csv",
                  "--contracts", f"{data}/avtal.csv", "--org", f"{data}/organisation.csv", "--category", CATEGORY,
                  "--out", out, "--format", formats, "--quiet", *extra])


def spend_figures(out):
    figs = {}
    for year in (2020, 2021, 2022):
        with open(os.path.join(out, str(year), "summary.json")) as f:
            s = json.load(f)
        figs[("total", year)] = round(s["total"] * 100)
        figs[("off", year)] = round(s["loyalty"]["off_contract"] * 100)
        figs[("lines", year)] = s["lines"]
        for sub in s["subcategories"]:
            figs[("sub", year, sub["name"])] = round(sub["amount"] * 100)
        for b in s["boards"]:
            figs[("board", year, b["name"])] = round(b["amount"] * 100)
    return figs


def lit(s):
    return "'" + s.replace("'", "''") + "'"


def like(col, needle):
    n = needle.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"lower({col}) LIKE {lit('%' + n + '%')} ESCAPE '\\'"


def text_cond(cols, pattern):
    if len(pattern) >= 2 and pattern.startswith("/") and pattern.endswith("/"):
        return "(" + " OR ".join(f"regexp_matches({c}, {lit(pattern[1:-1])}, 'i')" for c in cols) + ")"
    return "(" + " OR ".join(like(c, pattern) for c in cols) + ")"


def account_cond(col, p):
    p = p.strip()
    if p.endswith("*"):
        return f"{col} LIKE {lit(p[:-1] + '%')}"
    m = re.fullmatch(r"(\d+)-(\d+)", p)
    if m:
        return f"(length({col}) = {len(m.group(1))} AND TRY_CAST({col} AS BIGINT) BETWEEN {int(m.group(1))} AND {int(m.group(2))})"
    return f"{col} = {lit(p)}"


def rules_case(rules_path):
    """The rule table as a first-match CASE chain over (org, name, account, descr)."""
    with open(rules_path, encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    arms = []
    for r in rows:
        conds = []
        if r["leverantor_orgnr"].strip():
            orgs = [re.sub(r"\D", "", o) for o in r["leverantor_orgnr"].split("|")]
            conds.append("org IN (" + ", ".join(lit(o) for o in orgs) + ")")
        if r["konto"].strip():
            conds.append("(" + " OR ".join(account_cond("account", p) for p in r["konto"].split("|")) + ")")
        if r["leverantor_namn"].strip():
            conds.append("(" + " OR ".join(text_cond(["name"], p) for p in r["leverantor_namn"].split("|")) + ")")
        if r["text"].strip():
            conds.append("(" + " OR ".join(text_cond(["descr"], p) for p in r["text"].split("|")) + ")")
        arms.append(f"WHEN {' AND '.join(conds)} THEN {lit(r['kategori'] + chr(31) + r['underkategori'])}")
    return "CASE " + " ".join(arms) + f" ELSE {lit('Oklassificerat' + chr(31) + 'Oklassificerat')} END"


def board_case(org_path):
    with open(org_path, encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    arms = [f"WHEN {account_cond('kst', r['kst'])} THEN {lit(r['namnd'])}" for r in rows if r["kst"].strip()]
    return "CASE " + " ".join(arms) + " ELSE 'Okänd nämnd' END"


def duckdb_sql(data, path):
    return f"""
    CREATE OR REPLACE TEMP TABLE lines AS
      SELECT regexp_replace(coalesce("Organisationsnummer", ''), '[^0-9]', '', 'g') AS org,
             coalesce("Leverantör", '') AS name, coalesce("Konto", '') AS account, coalesce("Köpet avser", '') AS descr,
             coalesce("Kst", '') AS kst, "Fakturanummer" AS invoice,
             CAST(coalesce("Bokföringsdatum", "Fakturadatum") AS DATE) AS day,
             CAST(replace(replace(replace("Nettobelopp på konteringsrad", ' ', ''), chr(160), ''), ',', '.') AS DECIMAL(18,2)) AS amount
      FROM read_csv({lit(path)}, delim=';', header=true, quote='"', escape='"', all_varchar=true)
      WHERE "Huvudstatus" = 'OK';
    CREATE OR REPLACE TEMP TABLE combos AS
      SELECT org, name, account, descr, {rules_case(os.path.join(data, 'regler.csv'))} AS cls
      FROM (SELECT DISTINCT org, name, account, descr FROM lines);
    CREATE OR REPLACE TEMP TABLE contracts AS
      SELECT regexp_replace(leverantor_orgnr, '[^0-9]', '', 'g') AS org, kategori AS cat, coalesce(underkategori, '') AS sub,
             CAST(giltig_fran AS DATE) AS d0, CAST(giltig_till AS DATE) AS d1
      FROM read_csv({lit(os.path.join(data, 'avtal.csv'))}, delim=';', header=true, all_varchar=true);
    CREATE OR REPLACE TEMP TABLE classified AS
      SELECT l.*, split_part(c.cls, chr(31), 1) AS cat, split_part(c.cls, chr(31), 2) AS sub,
             year(l.day) AS yr, {board_case(os.path.join(data, 'organisation.csv'))} AS board
      FROM lines l JOIN combos c
        ON l.org = c.org AND l.name = c.name AND l.account = c.account AND l.descr = c.descr
      WHERE split_part(c.cls, chr(31), 1) = {lit(CATEGORY)};
    CREATE OR REPLACE TEMP TABLE tagged AS
      SELECT k.*, EXISTS (SELECT 1 FROM contracts c WHERE c.org = k.org AND k.day BETWEEN c.d0 AND c.d1
                          AND c.cat = k.cat AND (c.sub = '' OR c.sub = k.sub)) AS on_contract
      FROM classified k;
    """


def duckdb_run(data, path, threads):
    import duckdb
    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    start = time.perf_counter()
    con.execute(duckdb_sql(data, path))
    figs = {}
    for yr, total, off, n in con.execute(
            "SELECT yr, SUM(amount), SUM(CASE WHEN on_contract THEN 0 ELSE amount END), COUNT(*) FROM tagged GROUP BY yr").fetchall():
        figs[("total", yr)] = int(total * 100)
        figs[("off", yr)] = int(off * 100)
        figs[("lines", yr)] = n
    for yr, sub, total in con.execute("SELECT yr, sub, SUM(amount) FROM tagged GROUP BY yr, sub").fetchall():
        figs[("sub", yr, sub)] = int(total * 100)
    for yr, board, total in con.execute("SELECT yr, board, SUM(amount) FROM tagged GROUP BY yr, board").fetchall():
        figs[("board", yr, board)] = int(total * 100)
    return time.perf_counter() - start, figs


def main():
    data, path = ledger()
    size_mb = os.path.getsize(path) / 1e6
    with open(path, "rb") as f:
        rows = sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 24), b"")) - 1
    out = os.path.join(BENCH, "out")

    spend_walls, spend_rss = [], []
    for _ in range(RUNS):
        wall, rss, _ = spend_run(data, path, out, extra=("--threads", "2"))
        spend_walls.append(wall); spend_rss.append(rss)
    ours = spend_figures(out)
    one_walls, one_rss = [], []
    for _ in range(RUNS):
        wall, rss, _ = spend_run(data, path, os.path.join(BENCH, "out-1"), extra=("--threads", "1"))
        one_walls.append(wall); one_rss.append(rss)
    # The reference path (libcsv, one line at a time), once: its figures must be the fast path's too.
    ref_wall, ref_rss, _ = spend_run(data, path, os.path.join(BENCH, "out-ref"), extra=("--parser", "libcsv"))
    same_paths = spend_figures(os.path.join(BENCH, "out-1")) == ours == spend_figures(os.path.join(BENCH, "out-ref"))

    duck = {}
    for threads in (1, 2):
        walls = []
        for _ in range(RUNS):
            # a child process per run, so peak RSS is DuckDB's own
            wall, rss, err = timed([sys.executable, __file__, "--duckdb-once", data, path, str(threads)])
            walls.append(float(err.strip().splitlines()[-1]))
            duck_rss = rss
        duck[threads] = (statistics.median(walls), duck_rss)
    _, theirs = duckdb_run(data, path, 2)

    diffs = sorted(k for k in set(ours) | set(theirs) if ours.get(k) != theirs.get(k))
    sqlite_wall, sqlite_rss, _ = spend_run(data, path, os.path.join(BENCH, "out-sqlite"), formats="sqlite")

    w = statistics.median(spend_walls)
    lines = [
        f"ledger: {rows:,} rows, {size_mb:,.0f} MB ({os.path.relpath(path, ROOT)}), medians of {RUNS} runs, {os.cpu_count()} cores",
        "",
        "| pipeline | wall s | rows/s | MB/s | peak RSS MB | spend's speed ÷ this |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        f"| spend analyze (json), 2 threads | {w:.2f} | {rows / w:,.0f} | {size_mb / w:,.0f} | {max(spend_rss):,.0f} | 1.00 |",
    ]
    w1 = statistics.median(one_walls)
    lines.append(f"| spend analyze (json), 1 thread | {w1:.2f} | {rows / w1:,.0f} | {size_mb / w1:,.0f} | {max(one_rss):,.0f} | {w1 / w:.2f} |")
    lines.append(f"| spend --parser libcsv (reference path) | {ref_wall:.2f} | {rows / ref_wall:,.0f} | {size_mb / ref_wall:,.0f} | {ref_rss:,.0f} | {ref_wall / w:.2f} |")
    for threads in (1, 2):
        d, rss = duck[threads]
        lines.append(f"| DuckDB, {threads} thread{'s' if threads > 1 else ''} | {d:.2f} | {rows / d:,.0f} | {size_mb / d:,.0f} | {rss:,.0f} | {d / w:.2f} |")
    lines.append(f"| spend analyze → spend.sqlite | {sqlite_wall:.2f} | {rows / sqlite_wall:,.0f} | {size_mb / sqlite_wall:,.0f} | {sqlite_rss:,.0f} | – |")
    lines.append("")
    lines.append("spend's three paths (2 threads, 1 thread, libcsv): " + ("identical figures" if same_paths else "FIGURES DIFFER"))
    lines.append("figures: identical (" + str(len(ours)) + " compared: totals, off-contract, lines, subcategories and boards per year)"
                 if not diffs else f"figures DIFFER in {len(diffs)} of {len(ours)}: " + "; ".join(
                     f"{k}: spend {ours.get(k)} duckdb {theirs.get(k)}" for k in diffs[:10]))
    ratio, scaling, rss = duck[2][0] / w, w1 / w, max(spend_rss)
    lines.append(f"goals (issue 7): {ratio:.2f}× DuckDB on 2 threads (≥ 4: {'met' if ratio >= 4 else 'NOT MET'}); "
                 f"{scaling:.2f}× its own 1-thread speed (≥ 1.7: {'met' if scaling >= 1.7 else 'NOT MET'}); "
                 f"peak RSS {rss:,.0f} MB (< 256: {'met' if rss < 256 else 'NOT MET'})")
    text = "\n".join(lines)
    print(text)
    with open(os.path.join(BENCH, "results.md"), "w") as f:
        f.write(text + "\n")
    sys.exit(1 if diffs or not same_paths else 0)


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--duckdb-once":
        t, _ = duckdb_run(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        print(t, file=sys.stderr)
    else:
        main()
