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

Report documents (expected `document_type` other than "response": the
report model and its look-alike negatives) are scored on items with no
theme: an item is found when the same kind (finding, lesson,
recommendation), the same label (its id, or its number where it has no
id: "3a", "1") and the same normalised text are extracted, wherever the
output puts it (under the review, under a theme, or the document's own
lessons); every other extracted item (actions, measures, dissemination
rows) is spurious. A look-alike expects no review and no item. Per
document the review's identity is scored too: subject, published date
and summary (the first paragraph of the child's story, compared with the
first paragraph of the extracted summary), and, for findings found, their
title. A look-alike counts as right on identity when no review is
extracted.
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


def label(i):
    v = i.get("id")
    if v is None and i.get("number") is not None:
        v = str(i.get("number"))
    return "".join(str(v).split()).lower() if v is not None else None


def report_items(doc):
    """Multiset of comparable item keys of a report: (kind, label, text)."""
    out = collections.Counter()
    titles = {}

    def add(kind, i):
        key = (kind, None, label(i), None, norm(i.get("text")), ())
        out[key] += 1
        if kind == "findings":
            titles.setdefault(key, []).append(norm(i.get("title")))
    for review in doc.get("reviews", []):
        for kind in ("findings", "lessons", "recommendations"):
            for i in review.get(kind, []) or []:
                add(kind, i)
        for theme in review.get("themes", []):
            for kind in KINDS:
                for i in theme.get(kind, []):
                    add(kind, i)
        for row in review.get("dissemination", []):
            out[("dissemination", None, None, None, norm(row.get("learning")), ())] += 1
    for i in doc.get("lessons", []) or []:
        add("lessons", i)
    return out, titles


def first_para(s):
    if not s:
        return None
    return norm(s.strip().split("\n\n")[0])


def identity(exp, got):
    """(subject, published, summary) right or not, for a report."""
    er = exp.get("reviews", [])
    gr = got.get("reviews", []) if got else []
    if not er:
        ok = not gr
        return ok, ok, ok
    e = er[0]
    if not gr:
        return False, False, False
    # The extracted review that names the expected subject, else the first.
    g = next((x for x in gr if norm(x.get("subject") or "").lower()
              == norm(e["subject"]).lower()), gr[0])
    return (norm(g.get("subject") or "").lower() == norm(e["subject"]).lower(),
            g.get("published") == e.get("published"),
            first_para(g.get("summary")) == first_para(e.get("summary")))


def score_report(exp, got):
    (e, et), (g, gt) = report_items(exp), report_items(got)
    tp = sum((e & g).values())
    tright = 0
    for key, ts in et.items():
        if key in gt:
            tright += sum(min(ts.count(t), gt[key].count(t)) for t in set(ts))
    nf = sum(v for k, v in e.items() if k[0] == "findings")
    return tp, sum(g.values()), sum(e.values()), e - g, g - e, (tright, nf)


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
    ident = {}
    missed = []
    for cell in sorted(os.listdir(a.corpus)):
        d = os.path.join(a.corpus, cell)
        if not os.path.isdir(d):
            continue
        tp = ng = ne = 0
        docs = 0
        idc = [0, 0, 0, 0, 0]  # subject, published, summary, titles right, findings
        is_report = False
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
            if exp.get("document_type") == "response":
                t, g, e, fn, fp = score(exp, got)
            else:
                is_report = True
                t, g, e, fn, fp, (tr, nf) = score_report(exp, got)
                for k, ok in enumerate(identity(exp, got)):
                    idc[k] += ok
                idc[3] += tr
                idc[4] += nf
            tp, ng, ne, docs = tp + t, ng + g, ne + e, docs + 1
            for key in fn:
                missed.append((cell, stem, "missed", key))
            for key in fp:
                missed.append((cell, stem, "spurious", key))
        cells[cell] = (docs, tp, ng, ne)
        if is_report:
            ident[cell] = idc
    print("| template | generator | docs | items | found | extracted | F1 |" +
          (" subject | published | summary | finding titles |" if ident else ""))
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |" + (" ---: | ---: | ---: | ---: |" if ident else ""))
    for cell, (docs, tp, ng, ne) in cells.items():
        template, gen = cell.split(".", 1)
        row = "| %s | %s | %d | %d | %d | %d | %.3f |" % (template, gen, docs, ne, tp, ng, f1(tp, ng, ne))
        if cell in ident:
            i = ident[cell]
            row += " %d/%d | %d/%d | %d/%d | %d/%d |" % (i[0], docs, i[1], docs, i[2], docs, i[3], i[4])
        elif ident:
            row += " | | | |"
        print(row)
    if a.json:
        with open(a.json, "w") as out:
            json.dump({c: dict({"docs": v[0], "tp": v[1], "extracted": v[2], "expected": v[3],
                                "f1": round(f1(v[1], v[2], v[3]), 4)},
                               **({"subject": ident[c][0], "published": ident[c][1],
                                   "summary": ident[c][2], "titles": ident[c][3],
                                   "findings": ident[c][4]} if c in ident else {}))
                       for c, v in cells.items()},
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
