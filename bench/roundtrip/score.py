#!/usr/bin/env python3
"""Scores extracted JSON against the round-trip corpus's expected JSON.

    score.py CORPUS OUT [--worst K] [--markdown]

CORPUS holds <template>.<generator>/<doc>.expected.json beside the rendered
file; OUT is the `scr-ingest run CORPUS --out OUT` folder. An item counts
as found when the same kind of item, under the same theme number, with the
same id or number, has the same text and points (whitespace, quotes and
dashes normalised): the item-level matching of tests/facts.rs, made
symmetric so that fragments and merged items cost precision as well as
recall. tests/roundtrip.rs implements the same measure in Rust.
"""
import argparse
import collections
import json
import os
import sys

KINDS = ["findings", "lessons", "recommendations", "actions", "measures"]


def norm(s):
    if s is None:
        return None
    for a, b in (("\u2018", "'"), ("\u2019", "'"), ("\u201c", '"'), ("\u201d", '"'),
                 ("\u2013", "-"), ("\u2014", "-"), ("\u00ad", ""), ("\u00a0", " ")):
        s = s.replace(a, b)
    return " ".join(s.split())


def items(doc):
    """Multiset of comparable item keys of a document."""
    out = collections.Counter()
    for review in doc.get("reviews", []):
        for k, theme in enumerate(review.get("themes", [])):
            tn = theme.get("number") or k + 1
            for kind in KINDS:
                for i in theme.get(kind, []):
                    out[(kind, tn, i.get("id"), i.get("number"), norm(i.get("text")),
                         tuple(norm(p) for p in i.get("points", [])))] += 1
        for row in review.get("dissemination", []):
            out[("dissemination", None, None, None, norm(row.get("learning")),
                 tuple(norm(p) for p in row.get("actions", []) + ["|"] + row.get("owners", [])
                       + ["|"] + [row.get("deadline") or ""] + ["|"] + row.get("impact", [])))] += 1
    return out


def score(exp, got):
    e, g = items(exp), items(got)
    tp = sum((e & g).values())
    return tp, sum(g.values()), sum(e.values()), e - g, g - e


def f1(tp, ng, ne):
    if ne == 0 and ng == 0:
        return 1.0
    p = tp / ng if ng else 0.0
    r = tp / ne if ne else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("out")
    ap.add_argument("--worst", type=int, default=8)
    ap.add_argument("--json", help="write per-cell counts here")
    a = ap.parse_args()
    cells = collections.OrderedDict()
    missed = []
    for cell in sorted(os.listdir(a.corpus)):
        d = os.path.join(a.corpus, cell)
        if not os.path.isdir(d):
            continue
        tp = ng = ne = 0
        docs = 0
        for f in sorted(os.listdir(d)):
            if not f.endswith(".expected.json"):
                continue
            stem = f[: -len(".expected.json")]
            rendered = [n for n in os.listdir(d) if n.startswith(stem + ".")
                        and n.split(".")[-1] in ("pdf", "html")]
            exp = json.load(open(os.path.join(d, f)))
            got = {}
            if rendered:
                p = os.path.join(a.out, cell, rendered[0] + ".json")
                if os.path.exists(p):
                    got = json.load(open(p))
            t, g, e, fn, fp = score(exp, got)
            tp, ng, ne, docs = tp + t, ng + g, ne + e, docs + 1
            for key in fn:
                missed.append((cell, stem, "missed", key))
            for key in fp:
                missed.append((cell, stem, "spurious", key))
        cells[cell] = (docs, tp, ng, ne)
    print("| template | generator | docs | items | found | extracted | F1 |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for cell, (docs, tp, ng, ne) in cells.items():
        template, gen = cell.split(".", 1)
        print("| %s | %s | %d | %d | %d | %d | %.3f |" % (template, gen, docs, ne, tp, ng, f1(tp, ng, ne)))
    if a.json:
        with open(a.json, "w") as out:
            json.dump({c: {"docs": v[0], "tp": v[1], "extracted": v[2], "expected": v[3],
                           "f1": round(f1(v[1], v[2], v[3]), 4)} for c, v in cells.items()},
                      out, indent=1)
    if a.worst:
        print("\nworst items (first %d per cell):" % a.worst)
        per = collections.Counter()
        for cell, stem, what, key in missed:
            if per[cell] >= a.worst:
                continue
            per[cell] += 1
            kind, tn, id_, num, text, pts = key
            label = id_ or (num if num is not None else "")
            print("  %s %s %s %s theme %s %s: %s%s" % (
                cell, stem, what, kind, tn, label, (text or "")[:90],
                " +%d points" % len(pts) if pts and kind != "dissemination" else ""))


if __name__ == "__main__":
    sys.exit(main())
