"""DuckDB's formulations of spend's analysis (a benchmark oracle only, never part of spend).

Three ways to classify, all first-match over the rule table and all giving the same figures:
- `combos`: each distinct (org, [name,] account, text) combination is classified once by a CASE chain and joined back
  (best when combinations repeat: the reference set has about 1 300);
- `percol`: each rule is split by column; every part is evaluated once per distinct value of its column (org number,
  name, account, description) into a bit set of the rules it allows, and a line's rule is the lowest bit of the
  AND of its columns' sets (best when whole combinations rarely repeat);
- `percol-inline`: as `percol`, but the text part is evaluated on each line as it is read rather than on distinct
  texts (when nearly every text is unique, the DISTINCT and the join back cost more than they save).
Only the columns some rule looks at take part. Organisation numbers are normalised as spend does for every spelling
the bench ledgers hold (`556677-8899` `5566778899` `16556677-8899` `SE556677889901`, blanks, a trailing `/`).
"""
import csv, os, re, time

FORMS = ("combos", "percol", "percol-inline")
UNCLASSIFIED = "Oklassificerat"


def lit(s):
    return "'" + s.replace("'", "''") + "'"


def norm_org_py(cell):
    """A rule or contract table's org number cell, as ten digits (the SQL's `ORG_SQL` in Python)."""
    u = cell.strip().upper()
    d = re.sub(r"\D", "", u)
    if len(d) == 14:
        return d[2:12]
    if len(d) == 12:
        return d[:10] if u.startswith("SE") else d[2:]
    return d if len(d) == 10 else ""


def org_sql(raw):
    """SQL normalising an id column to ten digits ('' when there is none): the VAT form's `SE` and trailing `01`,
    a century prefix, blanks, dashes and punctuation go. Sole traders keep their ten digits, which no contract or
    rule names, so they never match one (spend keys them by a hash: only per-year figures are compared)."""
    d = f"regexp_replace({raw}, '[^0-9]', '', 'g')"
    return (f"(CASE WHEN length({d}) = 14 THEN substr({d}, 3, 10) "
            f"WHEN length({d}) = 12 AND upper(trim({raw})) LIKE 'SE%' THEN substr({d}, 1, 10) "
            f"WHEN length({d}) = 12 THEN substr({d}, 3, 10) "
            f"WHEN length({d}) = 10 THEN {d} ELSE '' END)")


def like(col, needle):
    n = needle.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"lower({col}) LIKE {lit('%' + n + '%')} ESCAPE '\\'"


def split_alternatives(cell):
    """A name/text cell's alternatives: `|` separates them, except inside `/…/` (SPEC §3.3)."""
    out, cur, in_re = [], "", False
    for i, ch in enumerate(cell):
        if not in_re and ch == "/" and not cur.strip():
            in_re = True
        elif in_re and ch == "/" and (i + 1 == len(cell) or cell[i + 1] == "|"):
            in_re = False
        elif not in_re and ch == "|":
            out.append(cur.strip()); cur = ""; continue
        cur += ch
    out.append(cur.strip())
    return [a for a in out if a]


def text_cond(col, pattern):
    if len(pattern) >= 2 and pattern.startswith("/") and pattern.endswith("/"):
        return f"regexp_matches({col}, {lit(pattern[1:-1])}, 'i')"
    return like(col, pattern)


def account_cond(col, p):
    p = p.strip()
    if p.endswith("*"):
        return f"starts_with({col}, {lit(p[:-1])})"
    m = re.fullmatch(r"(\w+)-(\w+)", p)
    if m and len(m.group(1)) == len(m.group(2)):
        return f"(length({col}) = {len(m.group(1))} AND {col} BETWEEN {lit(m.group(1))} AND {lit(m.group(2))})"
    return f"{col} = {lit(p)}"


class Rules:
    """The rule table split by column: per rule, the SQL condition on each column it looks at (None: any value)."""

    def __init__(self, path):
        with open(path, encoding="utf-8-sig") as f:
            rows = list(csv.DictReader(f, delimiter=";"))
        self.rules = []
        for r in rows:
            c = {"cat": r["kategori"].strip(), "sub": r["underkategori"].strip()}
            orgs = [norm_org_py(o) for o in r["leverantor_orgnr"].split("|") if o.strip()]
            c["org"] = "org IN (" + ", ".join(lit(o) for o in orgs) + ")" if orgs else None
            accs = [p for p in r["konto"].split("|") if p.strip()]
            c["account"] = "(" + " OR ".join(account_cond("account", p) for p in accs) + ")" if accs else None
            names = split_alternatives(r["leverantor_namn"])
            c["name"] = "(" + " OR ".join(text_cond("name", p) for p in names) + ")" if names else None
            texts = split_alternatives(r["text"])
            c["descr"] = "(" + " OR ".join(text_cond("descr", p) for p in texts) + ")" if texts else None
            self.rules.append(c)
        self.columns = [col for col in ("org", "name", "account", "descr") if any(r[col] for r in self.rules)]

    def case(self):
        """The whole table as a first-match CASE chain giving the rule's index (-1: none)."""
        arms = []
        for i, r in enumerate(self.rules):
            conds = [r[c] for c in ("org", "account", "name", "descr") if r[c]]
            arms.append(f"WHEN {' AND '.join(conds) or 'true'} THEN {i}")
        return "CASE " + " ".join(arms) + " ELSE -1 END"

    def mask(self, col):
        """The bit set of the rules a value of `col` allows: rules without a condition on it always."""
        always = sum(1 << i for i, r in enumerate(self.rules) if not r[col])
        parts = [str(always)] + [f"(CASE WHEN {r[col]} THEN {1 << i} ELSE 0 END)" for i, r in enumerate(self.rules) if r[col]]
        return "(" + " | ".join(parts) + ")"

    def table(self):
        """VALUES of (rule index, category, subcategory), with -1 for Oklassificerat."""
        rows = [f"({i}, {lit(r['cat'])}, {lit(r['sub'])})" for i, r in enumerate(self.rules)]
        rows.append(f"(-1, {lit(UNCLASSIFIED)}, {lit(UNCLASSIFIED)})")
        return "(VALUES " + ", ".join(rows) + ") AS rt(r, cat, sub)"


def board_case(org_path, col="kst"):
    with open(org_path, encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    arms = []
    for r in rows:
        if r["kst"].strip():
            arms.append(f"WHEN {' OR '.join(account_cond(col, p) for p in r['kst'].split('|'))} THEN {lit(r['namnd'])}")
    return "CASE " + " ".join(arms) + " ELSE 'Okänd nämnd' END"


def statements(form, data, path, category):
    """The SQL of one formulation, as a list of statements; the last ones leave the figures in `tagged`."""
    rules = Rules(os.path.join(data, "regler.csv"))
    assert form in FORMS
    if form != "combos" and len(rules.rules) > 62:
        raise SystemExit("percol formulations take at most 62 rules (one BIGINT of bits)")
    cols = rules.columns
    use_name = "name" in cols
    inline = form == "percol-inline"
    sel = ['coalesce("Organisationsnummer", \'\') AS org_raw', 'coalesce("Konto", \'\') AS account',
           'coalesce("Kst", \'\') AS kst',
           'CAST(coalesce("Bokföringsdatum", "Fakturadatum") AS DATE) AS day',
           "CAST(replace(replace(replace(\"Nettobelopp på konteringsrad\", ' ', ''), chr(160), ''), ',', '.') AS DECIMAL(18,2)) AS amount"]
    if use_name:
        sel.append("regexp_replace(trim(coalesce(\"Leverantör\", '')), '\\s+', ' ', 'g') AS name")
    src = f"read_csv({lit(path)}, delim=';', header=true, quote='\"', escape='\"', all_varchar=true)"
    if "descr" in cols and inline:
        sel.append(f"{rules.mask('descr')} AS tm")
        src = f"(SELECT *, coalesce(\"Köpet avser\", '') AS descr FROM {src})"
    elif "descr" in cols:
        sel.append("coalesce(\"Köpet avser\", '') AS descr")
    scan = f"SELECT {', '.join(sel)} FROM {src} WHERE \"Huvudstatus\" = 'OK'"
    out = [f"CREATE OR REPLACE TEMP TABLE lines AS {scan}"]
    org_mask = rules.mask("org") if "org" in cols else "0"
    out.append(f"""CREATE OR REPLACE TEMP TABLE ids AS
      SELECT org_raw, org, {org_mask if form != 'combos' else '0'} AS om
      FROM (SELECT org_raw, {org_sql('org_raw')} AS org FROM (SELECT DISTINCT org_raw FROM lines))""")
    if form == "combos":
        keys = ["org"] + (["name"] if use_name else []) + ["account"] + (["descr"] if "descr" in cols else [])
        out.append(f"""CREATE OR REPLACE TEMP TABLE combos AS
          SELECT {', '.join(keys)}, {rules.case()} AS r
          FROM (SELECT DISTINCT {', '.join('i.org' if k == 'org' else 'l.' + k for k in keys)} FROM lines l JOIN ids i USING (org_raw))""")
        on = " AND ".join(f"c.{k} = {'i.org' if k == 'org' else 'l.' + k}" for k in keys)
        rule_of = "c.r"
        joins = f"JOIN ids i USING (org_raw) JOIN combos c ON {on}"
    else:
        joins = "JOIN ids i USING (org_raw)"
        terms = ["i.om"]
        for col in ("name", "account", "descr"):
            if col not in cols:
                continue
            if col == "descr" and inline:
                terms.append("l.tm")
                continue
            out.append(f"""CREATE OR REPLACE TEMP TABLE d_{col} AS
              SELECT {col}, {rules.mask(col)} AS m FROM (SELECT DISTINCT {col} FROM lines)""")
            joins += f" JOIN d_{col} USING ({col})"
            terms.append(f"d_{col}.m")
        m = "(" + " & ".join(terms) + ")"
        rule_of = f"(CASE WHEN {m} = 0 THEN -1 ELSE bit_count(({m} & -{m}) - 1) END)"
    out.append(f"""CREATE OR REPLACE TEMP TABLE classified AS
      SELECT i.org, l.kst, l.day, l.amount, year(l.day) AS yr, rt.sub
      FROM lines l {joins} JOIN {rules.table()} ON rt.r = {rule_of}
      WHERE rt.cat = {lit(category)}""")
    out.append(f"""CREATE OR REPLACE TEMP TABLE contracts AS
      SELECT {org_sql('leverantor_orgnr')} AS org, kategori AS cat, coalesce(underkategori, '') AS sub,
             CAST(giltig_fran AS DATE) AS d0, CAST(giltig_till AS DATE) AS d1
      FROM read_csv({lit(os.path.join(data, 'avtal.csv'))}, delim=';', header=true, all_varchar=true)
      WHERE kategori = {lit(category)}""")
    out.append(f"""CREATE OR REPLACE TEMP TABLE boards AS
      SELECT kst, {board_case(os.path.join(data, 'organisation.csv'))} AS board FROM (SELECT DISTINCT kst FROM classified)""")
    out.append("""CREATE OR REPLACE TEMP TABLE tagged AS
      SELECT k.yr, k.sub, k.amount, b.board,
             EXISTS (SELECT 1 FROM contracts c WHERE c.org = k.org AND k.org <> '' AND k.day BETWEEN c.d0 AND c.d1
                     AND (c.sub = '' OR c.sub = k.sub)) AS on_contract
      FROM classified k JOIN boards b USING (kst)""")
    return out


def figures(con):
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
    return figs


def run(form, data, path, threads, category):
    """Wall and CPU time (every thread's; the connection left out) and figures of one formulation."""
    import duckdb
    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    con.execute("SET preserve_insertion_order = false")
    start, cpu = time.perf_counter(), time.process_time()
    for s in statements(form, data, path, category):
        con.execute(s)
    figs = figures(con)
    return time.perf_counter() - start, time.process_time() - cpu, figs
