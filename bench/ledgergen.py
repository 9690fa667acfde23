#!/usr/bin/env python3
"""Generates the bench's varied Proceedo ledgers: `diverse` and `freetext` (issue 14), deterministic from a seed.

A whole municipality's 2020–2022 ledger in the reference set's Proceedo layout, but shaped like real ones:
≥ 20 000 suppliers (Luhn-valid organisation numbers, sole traders with a personnummer, some with no id) whose ids
are spelled every way SPEC §3.1 allows, name variants, ≥ 1 000 accounts (the rule table's among them), ≥ 2 000
cost centres (mostly inside the organisation map's ranges), descriptions from a vocabulary of a few thousand
phrases holding the rule table's keywords, quoted texts with `;`, `"` and line breaks, CANCELED and PENDING rows,
credit notes. The contract register's suppliers and the rule table's org numbers are among the suppliers, so
rules fire and lines are both on and off contract. `freetext` is the same ledger (the same random stream) with
every description unique: it names its own invoice and line, so its figures are the diverse ledger's.

Usage: ledgergen.py SHAPE LINES OUT.csv REFDIR   (REFDIR holds regler.csv, avtal.csv, organisation.csv)
"""
import bisect, csv, datetime, itertools, os, random, sys

HEADER = ("Fakturanummer;Verifikationsnummer;Fakturadatum;Bokföringsdatum;Leverantör;Organisationsnummer;Kst;Konto;"
          "Projekt;Köpet avser;Nettobelopp på konteringsrad;Valuta;Avtal;Huvudstatus;Sekretess")
SEED = 14
SUPPLIERS = 24_000
ACCOUNTS = 1_200
COST_CENTRES = 2_400

# Accounts each rule subcategory is bought on (the reference rule table's), and other categories' prefixes.
IT_ACCOUNTS = {
    "IT-hårdvara": ["54610"], "Verksamhetssystem": ["74320"],
    "IT-programvara och licenser": ["74311", "74310", "74312", "74313", "74314", "74315", "74316", "74317"],
    "Telekommunikation": ["65400"], "IT-konsulter": ["74580", "74500", "74510"], "IT som tjänst": ["74330"],
    "Välfärdsteknik": ["54620", "54610"], "Övrigt IT": ["74390"],
}
OTHER_PREFIXES = ["463", "410", "644", "704", "745", "521", "646", "461"]

IT_ITEMS = {
    "IT-hårdvara": ["Bärbar dator", "Skärm 27\"", "Dockningsstation", "Nätverksswitch", "Brandvägg; licens ingår",
                    "Surfplatta", "Tangentbord och mus", "Server", "Lagringsenhet", "Headset", "Projektor"],
    "Verksamhetssystem": ["Systemförvaltning", "Verksamhetssystem drift", "Ärendehanteringssystem", "Skoladministrativt system",
                          "Ekonomisystem årsavgift", "Vårdsystem support"],
    "IT-programvara och licenser": ["Licens Office 365", "Programvarulicens", "Antiviruslicens", "Licensförnyelse",
                                    "CAD-licens", "Databaslicens"],
    "Telekommunikation": ["Mobilabonnemang", "Bredband", "Fast telefoni", "Datakommunikation", "Växeltjänst"],
    "IT-konsulter": ["IT-konsult", "IT-konsulttimmar", "IT-Konsult projektledning", "Konsultstöd IT-KONSULT",
                     "Konsulttimmar", "Arkitektstöd"],
    "IT som tjänst": ["Utskrift som tjänst", "Skrivare hyra", "Drift som tjänst", "Molntjänst"],
    "Välfärdsteknik": ["Trygghetslarm", "TRYGGHETSLARM installation", "Välfärdsteknik sensorer", "välfärdsteknik – nattkamera",
                       "Digital tillsyn välfärdsteknik", "Läkemedelsrobot"],
    "Övrigt IT": ["IT-tillbehör", "Kablage", "Batterier"],
}
OTHER_ITEMS = ["Städtjänst", "Livsmedel", "Byggmaterial", "Konsultarvode", "Transport", "Kontorsmaterial", "Utbildning",
               "Hyra lokal", "El", "Fjärrvärme", "Vårdmaterial", "Förbrukningsmaterial", "Snöröjning", "Catering",
               "Bussresor", "Arvode", "Reparation", "Målning", "Ventilation", "Läromedel", "Kurslitteratur", "Tvätt",
               "Fordonsleasing", "Drivmedel", "Avfallshantering", "Juridisk rådgivning", "Annonsering", "Tolktjänst"]
MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december"]
PLACES = ["Skola", "Förskola", "Äldreboende", "Fritidsgård", "Bibliotek", "Kontor", "Gruppbostad", "Idrottshall"]

FIRST = ["Berg", "Dal", "Sjö", "Lind", "Ek", "Björk", "Gran", "Ask", "Alm", "Lönn", "Sten", "Strand", "Holm", "Lund",
         "Mark", "Fors", "Ström", "Nord", "Syd", "Väst", "Öst", "Ljung", "Hag", "Vik", "Ång", "Kvarn", "Bro", "Tall",
         "Rönn", "Hassel", "Myr", "Mo", "Ås", "Näs", "Udd", "Kil", "Å", "Gård", "Torp", "Sand"]
SECOND = ["berg", "dal", "gren", "lund", "ström", "kvist", "ström", "vik", "ström", "qvist", "man", "bäck", "hult",
          "ås", "by", "torp", "näs", "holm", "fors", "strand", "sten", "mark", "stad", "ö", "rud", "löf", "blad", "hed"]
TRADE = ["Bygg", "Data", "IT", "Konsult", "Städ", "Transport", "Teknik", "El", "VVS", "Måleri", "Trädgård", "Catering",
         "Säkerhet", "Media", "Vård", "Omsorg", "Utbildning", "Fastighet", "Kontor", "System", "Nät", "Tele", "Larm"]
FORM = ["AB", "AB", "AB", "AB", "Aktiebolag", "HB", "KB", "Sverige AB", "Nordic AB", "& Co AB", "ekonomisk förening", ""]


def luhn_digit(nine):
    s = 0
    for i, ch in enumerate(nine):
        v = int(ch) * (2 if i % 2 == 0 else 1)
        s += v - 9 if v > 9 else v
    return str((10 - s % 10) % 10)


def org_number(rnd):
    """Ten digits, digits 3–4 ≥ 20, Luhn-valid."""
    first = rnd.choices("52789", weights=[80, 5, 5, 5, 5])[0]
    nine = first + str(rnd.randrange(10)) + str(rnd.randrange(20, 100)) + "".join(str(rnd.randrange(10)) for _ in range(5))
    return nine + luhn_digit(nine)


def personnummer(rnd):
    nine = f"{rnd.randrange(40, 100):02d}{rnd.randrange(1, 13):02d}{rnd.randrange(1, 29):02d}{rnd.randrange(1000):03d}"
    return nine + luhn_digit(nine)


def org_spellings(d):
    """Every spelling SPEC §3.1 allows for an organisation number."""
    return [d, f"{d[:6]}-{d[6:]}", f"16{d[:6]}-{d[6:]}", f"16{d}", f"SE{d}01", f"se{d}01", f"SE {d} 01", f" {d[:6]}-{d[6:]} ",
            f"{d[:6]} {d[6:]}", f"{d[:6]}-{d[6:]}/", f"{d}/"]


def person_spellings(p):
    return [f"{p[:6]}-{p[6:]}", p, f"19{p[:6]}-{p[6:]}", f"19{p}", f"{p[:6]}+{p[6:]}", f"SE{p}01", f"{p[:6]}-****",
            f"{p[:6]}-{p[6:]}/"]


NO_ID = ["", "", "", "SAKNAS", "NULL", "-", "0"]


def name_variants(base):
    v = [base, base.upper(), base.replace(" ", "  ", 1), base + ".", " " + base + " "]
    if base.endswith(" AB"):
        v.append(base[:-3] + " Aktiebolag")
        v.append(base[:-3] + " aktiebolag")
        v.append(base[:-3])
    return v


def read_table(path):
    with open(path, encoding="utf-8-sig") as f:
        return list(csv.DictReader(f, delimiter=";"))


def field(s):
    if any(c in s for c in ';"\n\r'):
        return '"' + s.replace('"', '""') + '"'
    return s


def amount_text(ore, plain):
    """`12 345,67`, or `12345,67` when plain; credit notes with a leading minus."""
    kr, o = divmod(abs(ore), 100)
    body = f"{kr},{o:02d}" if plain else f"{kr:,}".replace(",", " ") + f",{o:02d}"
    return ("-" if ore < 0 else "") + body


class World:
    """The suppliers, accounts, cost centres and vocabulary one seed makes."""

    def __init__(self, refdir, seed=SEED):
        rnd = self.rnd = random.Random(seed)
        rules = read_table(os.path.join(refdir, "regler.csv"))
        contracts = read_table(os.path.join(refdir, "avtal.csv"))
        org_map = read_table(os.path.join(refdir, "organisation.csv"))

        # Accounts: the rule table's own, other categories' prefixes, and a long tail of others.
        it_accounts = sorted({a for v in IT_ACCOUNTS.values() for a in v})
        accounts = set(it_accounts)
        for r in rules:
            for p in r["konto"].split("|"):
                p = p.strip()
                if p and "*" not in p and "-" not in p:
                    accounts.add(p)
        other = []
        for pre in OTHER_PREFIXES:
            for _ in range(12):
                a = pre + f"{rnd.randrange(100):02d}"
                if a not in accounts:
                    accounts.add(a); other.append(a)
        while len(accounts) < ACCOUNTS - 20:
            a = str(rnd.randrange(30000, 80000)) if rnd.random() < 0.8 else str(rnd.randrange(3000, 8000))
            if a not in accounts:
                accounts.add(a); other.append(a)
        for i in range(20):  # account codes with letters (SPEC §3.3)
            a = f"D{3500 + i * 7}"
            accounts.add(a); other.append(a)
        self.accounts = sorted(accounts)
        self.other_accounts = other

        # Cost centres: mostly inside the organisation map's ranges, some outside (Okänd nämnd).
        ranges = []
        for r in org_map:
            k = r["kst"].strip()
            if "-" in k:
                lo, hi = k.split("-"); ranges.append((int(lo), int(hi)))
        kst = set()
        while len(kst) < COST_CENTRES - 250:
            lo, hi = rnd.choice(ranges)
            kst.add(str(rnd.randint(lo, hi)))
        outside = set()
        while len(outside) < 250:
            x = rnd.random()
            if x < 0.4:
                outside.add(str(rnd.randrange(9000, 10000)))
            elif x < 0.7:
                outside.add(str(rnd.randrange(10000, 99999)))
            elif x < 0.85:
                outside.add(str(rnd.randrange(100, 1000)))
            else:
                outside.add(f"K{rnd.randrange(1000, 9999)}")
        self.cost_centres = sorted(kst) + sorted(outside)
        self.kst_cum = list(itertools.accumulate(1.0 / (i + 1) ** 0.7 for i in range(len(self.cost_centres))))
        rnd.shuffle(self.cost_centres)

        # Vocabulary: a few thousand phrases per kind of purchase, the rule table's keywords among them.
        def phrases(items, n):
            out = set()
            mods = ([m for m in MONTHS] + [f"vecka {w}" for w in range(1, 53)] + [f"Q{q}" for q in range(1, 5)]
                    + [f"{p} {k}" for p in PLACES for k in range(1, 40)] + ["enl. avtal", "ramavtal", "avrop", "akut", "tillägg"])
            for it in items:
                out.add(it)
            while len(out) < n:
                it = rnd.choice(items)
                x = rnd.random()
                if x < 0.02:
                    p = f"{it}\n{rnd.choice(mods)}"           # a line break inside the quoted text
                elif x < 0.025:
                    p = f"{it}\r\n{rnd.choice(mods)}"
                elif x < 0.05:
                    p = f"{it}; {rnd.choice(mods)}"           # the delimiter inside the quoted text
                elif x < 0.06:
                    p = f"{it} \"{rnd.choice(mods)}\""        # quotes inside
                else:
                    p = f"{it} {rnd.choice(mods)}"
                out.add(p)
            return sorted(out)
        self.vocab = {sub: phrases(items, 300) for sub, items in IT_ITEMS.items()}
        self.vocab["other"] = phrases(OTHER_ITEMS, 2500)
        # The general consultancy account (745*) sees both IT consultants and others: mixed texts.
        self.vocab["consult"] = phrases(["Konsultarvode", "Konsulttimmar", "Utredning", "Processtöd", "IT-konsult",
                                         "IT-konsult timmar", "Juridisk rådgivning"], 400)
        self.vocab_cum = {k: list(itertools.accumulate(1.0 / (i + 1) ** 0.8 for i in range(len(v)))) for k, v in self.vocab.items()}
        for v in self.vocab.values():
            rnd.shuffle(v)

        # Suppliers: the contracts' and the rule table's first, then many others.
        self.suppliers = []
        seen = set()
        special = []
        for c in contracts:
            d = c["leverantor_orgnr"].strip()
            if d and d not in seen:
                seen.add(d)
                sub = c["underkategori"].strip()
                special.append((d, c["leverantor_namn"].strip() or f"Avtalsleverantör {d}", sub if sub in IT_ACCOUNTS else None,
                                c["kategori"], c["avtal_id"]))
        for r in rules:
            for d in r["leverantor_orgnr"].split("|"):
                d = d.strip().replace("-", "")
                if d and d not in seen:
                    seen.add(d)
                    special.append((d, f"Regelleverantör {d[-4:]} AB", None, "IT och telekom", ""))
        names = set()

        def new_name():
            while True:
                n = f"{rnd.choice(FIRST)}{rnd.choice(SECOND)} {rnd.choice(TRADE)} {rnd.choice(FORM)}".strip()
                if rnd.random() < 0.5:
                    n = f"{rnd.choice(FIRST)}{rnd.choice(SECOND)}s {n}"
                if n not in names:
                    names.add(n); return n
        for d, name, sub, cat, contract in special:
            if cat != "IT och telekom":
                self.add_supplier("org", d, name, ["other"], weight=2.0, contract=contract)
            elif sub:
                self.add_supplier("org", d, name, [sub, sub, sub, "other"], weight=4.0, contract=contract)
            else:
                self.add_supplier("org", d, name, list(IT_ACCOUNTS), weight=6.0, contract=contract)
        subs = list(IT_ACCOUNTS)
        for i in range(SUPPLIERS - len(self.suppliers)):
            kind = rnd.choices(["org", "person", "none"], weights=[88, 7, 5])[0]
            if kind == "org":
                while (d := org_number(rnd)) in seen:
                    pass
            elif kind == "person":
                while (d := personnummer(rnd)) in seen:
                    pass
            else:
                d = ""
            seen.add(d)
            name = new_name()
            if kind == "person":
                name = f"{rnd.choice(['Anna', 'Erik', 'Karin', 'Lars', 'Maria', 'Johan', 'Eva', 'Per'])} {name.split()[0]} {rnd.choice(TRADE)}"
            x = rnd.random()
            kinds = ([rnd.choice(subs)] if x < 0.12 else ["consult"] if x < 0.2 else ["other"] if x < 0.95
                     else [rnd.choice(subs), "other"])
            self.add_supplier(kind, d, name, kinds, weight=1.0 / (i + 1) ** 0.85 * 20)
        self.sup_cum = list(itertools.accumulate(s["weight"] for s in self.suppliers))

    def add_supplier(self, kind, digits, name, kinds, weight, contract=""):
        rnd = self.rnd
        spell = org_spellings(digits) if kind == "org" else person_spellings(digits) if kind == "person" else NO_ID
        accounts = []
        for k in kinds:
            if k in IT_ACCOUNTS:
                accounts += [(a, k) for a in IT_ACCOUNTS[k]]
            elif k == "consult":
                accounts += [(a, "consult") for a in ["74580", "74500", "74510", "74550"]]
            else:
                accounts += [(rnd.choice(self.other_accounts), "other") for _ in range(rnd.randint(1, 6))]
        self.suppliers.append({
            "ids": spell, "id": rnd.choice(spell[:2]) if kind != "none" else rnd.choice(NO_ID),
            "names": name_variants(name), "name": name, "accounts": accounts, "weight": weight,
            "kst": [self.pick_kst() for _ in range(rnd.randint(1, 8))], "contract": contract,
        })

    def pick_kst(self):
        return self.cost_centres[bisect.bisect(self.kst_cum, self.rnd.random() * self.kst_cum[-1])]


def generate(shape, lines, out_path, refdir, seed=SEED):
    assert shape in ("diverse", "freetext")
    w = World(refdir, seed)
    rnd = random.Random(seed * 7919 + 1)
    start = datetime.date(2020, 1, 1)
    days = [(start + datetime.timedelta(d)).isoformat() for d in range(-20, 1096)]  # index 20 is 2020-01-01
    sup_cum, sup_total = w.sup_cum, w.sup_cum[-1]
    suppliers, vocab, vocab_cum = w.suppliers, w.vocab, w.vocab_cum
    projects = [f"P{n}" for n in range(100, 400)]
    freetext = shape == "freetext"
    written = 0
    invoice = 8_800_000
    buf = []
    size = 0
    rr = rnd.random
    with open(out_path, "w", encoding="utf-8", newline="") as f:
        f.write(HEADER + "\n")
        while written < lines:
            invoice += 1
            s = suppliers[bisect.bisect(sup_cum, rr() * sup_total)]
            n = min(lines - written, 1 if rr() < 0.55 else rnd.randint(2, 5))
            b = rnd.randrange(1096) + 20
            booking = days[b]
            inv_date = days[b - rnd.randrange(15)]
            if rr() < 0.005:
                booking, inv_date = "", days[b]
            x = rr()
            status = "OK" if x < 0.994 else "CANCELED" if x < 0.997 else "PENDING"
            secret = "J" if rr() < 0.01 else "N"
            sid = s["id"] if rr() < 0.7 else rnd.choice(s["ids"])
            name = s["names"][0] if rr() < 0.75 else rnd.choice(s["names"])
            credit = rr() < 0.03
            ref = s["contract"] if rr() < 0.5 else ""
            for k in range(1, n + 1):
                acc, kind = rnd.choice(s["accounts"])
                voc = vocab[kind]
                text = voc[bisect.bisect(vocab_cum[kind], rr() * vocab_cum[kind][-1])]
                # Drawn in both shapes, so free text is the diverse ledger with other texts and the same figures:
                # where diverse has no text, free text has only the invoice and line.
                empty = rr() < 0.01
                if freetext:
                    text = f"faktura {invoice} rad {k}" if empty else f"{text} faktura {invoice} rad {k}"
                elif empty:
                    text = ""
                kst = rnd.choice(s["kst"]) if rr() < 0.9 else w.pick_kst()
                ore = int(rnd.lognormvariate(12.0, 1.6)) + 1
                if ore > 5_000_000_000:
                    ore = ore % 5_000_000_000
                if credit:
                    ore = -ore
                amount = amount_text(ore, rr() < 0.2)
                proj = rnd.choice(projects) if rr() < 0.2 else ""
                row = f"{invoice};{invoice}-{k};{inv_date};{booking};{field(name)};{sid};{kst};{acc};{proj};{field(text)};{amount};SEK;{ref};{status};{secret}\n"
                buf.append(row)
                size += len(row)
            written += n
            if size > 1 << 23:
                f.write("".join(buf)); buf.clear(); size = 0
        f.write("".join(buf))
    return written


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    shape, n, out, ref = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    generate(shape, n, out, ref)
