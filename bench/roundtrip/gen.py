#!/usr/bin/env python3
"""Round-trip corpus: logical response documents as data, rendered through
templates into PDF by several generators.

    gen.py --out DIR [--n N] [--seed S] [--templates a,b] [--generators x,y]
           [--model response|report] [--pages P]

`--model report` renders review reports and look-alikes instead (report.py:
templates overview, exec-summary, recs-after-finding, thematic and the
negatives annual-report and policy); `--pages P` aims every report at P
pages instead of the size its seed picks. A generator whose tool is not
installed is skipped with a note.

writes DIR/<template>.<generator>/<doc>.pdf (or .html for the `html`
generator, which hands the source itself to the pipeline: a control for
what the segmenter makes of the logical document without any layout),
<doc>.expected.json (the logical document in the shape of the output
JSON: the items the pipeline must find) and the source it was rendered
from. Everything is a function of the seed, so a cell can be rendered
again byte for byte (up to the generators' own dates).
"""
import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from html import escape

HERE = os.path.dirname(os.path.abspath(__file__))

# ------------------------------------------------------------ vocabulary
# Invented places, children and wording. Plain ASCII so that no
# generator's quote or dash substitution changes the expected text.
AREAS = ["Ashcombe", "Brinmoor", "Calderbrook", "Dunhallow", "Elsworth",
         "Fenwick Vale", "Garthmere", "Hollinsby", "Ivybridge Dale",
         "Kestleford", "Larchmont", "Marrowdale", "Northholt Fields",
         "Otterwick", "Penhallow", "Quarrington"]
CHILDREN = ["Mira", "Tobias", "Elsie", "Jonah", "Keira", "Otis", "Freya",
            "Caleb", "Nadia", "Rowan", "Isla", "Felix", "Amara", "Linus",
            "Hattie", "Sami", "Bryony", "Dexter", "Wren", "Callum"]
THEMES = ["Recognising Neglect", "Professional Curiosity",
          "Information Sharing between Agencies", "The Voice of the Child",
          "Assessment of Risk at Home", "Transitions between Services",
          "Supervision and Reflective Practice", "Working with Fathers",
          "Escalation of Concerns", "Parental Mental Health",
          "Domestic Abuse and its Impact", "Missing Education",
          "Health Appointments Not Attended", "Thresholds for Early Help"]
SUBJECTS = ["Practitioners", "The school nurse", "Health visitors",
            "Social workers", "The police", "Early help workers",
            "The family support team", "Agencies", "Managers",
            "The general practice", "The nursery", "Housing officers",
            "Professionals in every agency", "The safeguarding lead"]
VERBS = ["did not always consider", "recorded but did not act on",
         "were not supported to explore", "needed a clearer picture of",
         "rarely shared what they knew about", "tended to accept",
         "did not bring together", "made limited enquiries into",
         "missed opportunities to ask about", "focused on the adults rather than",
         "were unsure how to escalate", "understood only part of"]
OBJECTS = ["the daily lived experience of the child",
           "the history of the adults in the household",
           "repeated missed appointments", "the condition of the home",
           "concerns raised by the wider family",
           "the impact of parental substance misuse",
           "what the child said about life at home",
           "the pattern of injuries over time",
           "the cumulative effect of neglect",
           "the views of the school about attendance",
           "the significance of a new partner joining the family",
           "changes in the behaviour of the child"]
TAILS = ["over a period of several months", "when the case was transferred",
         "during the period under review", "at the point of referral",
         "once the family moved into the area", "after the strategy meeting",
         "even when the concerns were persistent", "in supervision",
         "across the partnership", "before the case was closed"]
ACTS = ["will deliver briefings to front line staff on",
        "has revised its guidance on", "will audit a sample of cases for",
        "has added a session to the core training on",
        "will publish a short learning summary about",
        "will ask each agency for assurance about",
        "has updated the escalation procedure to cover",
        "will hold practitioner workshops about"]
ACTORS = ["The partnership", "The Learning and Development Subgroup",
          "Each agency", "The Quality Assurance Subgroup",
          "The Business Unit", "The Independent Scrutineer",
          "Children's Services", "The Designated Nurse"]
MEASURES = ["Multi-agency audits will show", "Case file reviews will show",
            "Practitioner surveys will show", "Supervision records will show",
            "Training evaluations will show", "Quarterly reports will show"]
MEASURE_TAILS = ["that the child is seen and heard in every assessment",
                 "that history is analysed and recorded",
                 "that concerns are escalated without delay",
                 "that information is shared at the point of need",
                 "that plans are reviewed when circumstances change",
                 "that fathers and partners are included in assessments"]
OWNERS = ["Learning and Development Subgroup", "Quality Assurance Subgroup",
          "Policy and Procedures Subgroup", "Business Unit",
          "Health Executive Group", "Education Safeguarding Team",
          "Police Public Protection Unit"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "September", "October", "November", "December"]


def sentence(r):
    return "%s %s %s %s." % (r.choice(SUBJECTS), r.choice(VERBS),
                             r.choice(OBJECTS), r.choice(TAILS))


def paragraph(r, lo, hi):
    return " ".join(sentence(r) for _ in range(r.randint(lo, hi)))


def action(r, topic):
    s = "%s %s %s." % (r.choice(ACTORS), r.choice(ACTS), topic.lower())
    if r.random() < 0.5:
        s += " " + sentence(r)
    return s


def measure(r):
    return "%s %s." % (r.choice(MEASURES), r.choice(MEASURE_TAILS))


# ------------------------------------------------------------ documents
def make_doc(seed, long_items=True):
    """The logical document: what every rendering must give back."""
    r = random.Random(seed)
    area = r.choice(AREAS)
    child = r.choice(CHILDREN)
    code = child[0]
    acr = "".join(w[0] for w in area.split()) + "SCP"
    partnership = "%s Safeguarding Children Partnership" % area
    year = r.randint(2019, 2024)
    agencies = r.sample(["%s Children's Services" % area, "%s Police" % area,
                         "General Practice", "Health Visiting Service",
                         "School Nursing Service", "%s Academy" % r.choice(AREAS),
                         "Adult Mental Health Services", "Housing Services",
                         "Early Help Service", "Youth Justice Service"],
                        r.randint(3, 7))
    themes = []
    rec = 0
    fnum = 0
    for t, title in enumerate(r.sample(THEMES, r.randint(2, 8)), 1):
        th = {"number": t, "title": title, "findings": [], "lessons": [],
              "recommendations": [], "actions": [], "measures": []}
        for f in range(1, r.randint(1, 2) + 1):
            paras = [paragraph(r, 2, 4) for _ in range(r.randint(1, 3))]
            if long_items and r.random() < 0.2:
                paras += [paragraph(r, 5, 7) for _ in range(3)]
            # Findings are numbered through the document, lessons per theme.
            fnum += 1
            fid = "%s%d" % (code, fnum)
            th["findings"].append({"id": fid, "paragraphs": paras, "points": []})
        for n in range(1, r.randint(1, 4) + 1):
            paras = [paragraph(r, 1, 3) for _ in range(r.randint(1, 2))]
            points = []
            if r.random() < 0.25:
                points = [sentence(r)[:-1] for _ in range(r.randint(2, 4))]
            th["lessons"].append({"id": "%s%d.%d" % (code, t, n),
                                  "paragraphs": paras, "points": points})
        for _ in range(r.randint(1, 3)):
            rec += 1
            th["recommendations"].append({"number": rec,
                                          "paragraphs": [paragraph(r, 1, 2)],
                                          "points": []})
        th["actions"] = [action(r, title) for _ in range(r.randint(1, 4))]
        th["measures"] = [measure(r) for _ in range(r.randint(1, 3))]
        themes.append(th)
    rows = []
    for _ in range(r.randint(2, 4)):
        span = r.randint(1, 3)
        learning = "The %s will make sure that the learning about %s is shared with %s." % (
            acr, r.choice(OBJECTS), r.choice(["all practitioners", "every agency",
                                             "front line managers", "schools"]))
        for k in range(span):
            rows.append({
                "learning": learning if k == 0 else None,
                "actions": [action(r, r.choice(THEMES)) for _ in range(r.randint(1, 2))],
                "owners": r.sample(OWNERS, r.randint(1, 2)),
                "deadline": "%s %d" % (r.choice(MONTHS), year + 1) if r.random() < 0.85 else None,
                "impact": [measure(r) for _ in range(r.randint(1, 2))],
            })
    return {
        "seed": seed, "area": area, "child": child, "code": code, "acr": acr,
        "partnership": partnership, "date": "%s %d" % (r.choice(MONTHS), year),
        "title": "Serious Case Review in relation to %s" % child,
        "agencies": agencies, "themes": themes, "dissemination": rows,
        "chair": "%s %s" % (r.choice(["Helen", "David", "Priya", "Martin"]),
                           r.choice(["Ashworth", "Okafor", "Lindqvist", "Pryce"])),
    }


def expected(doc):
    """The logical document in the shape of the output JSON."""
    def item(i, id_=None, number=None):
        return {"id": id_, "number": number, "text": " ".join(i["paragraphs"]),
                "points": i["points"]}
    themes = []
    for t in doc["themes"]:
        themes.append({
            "number": t["number"], "title": t["title"],
            "findings": [item(i, i["id"]) for i in t["findings"]],
            "lessons": [item(i, i["id"]) for i in t["lessons"]],
            "recommendations": [item(i, None, i["number"]) for i in t["recommendations"]],
            "actions": [{"id": None, "number": None, "text": a, "points": []} for a in t["actions"]],
            "measures": [{"id": None, "number": None, "text": m, "points": []} for m in t["measures"]],
        })
    return {"document_type": "response", "partnership": doc["partnership"],
            "title": doc["title"],
            "reviews": [{"subject": doc["child"], "agencies": doc["agencies"],
                         "themes": themes, "dissemination": doc["dissemination"]}]}


# ------------------------------------------------------------ variation
def style_of(seed):
    """Paper, fonts, spacing: chosen from the seed, independent of content."""
    r = random.Random(seed * 7919 + 13)
    spacing = r.choice([0, 0, 3, 6, 9, 12])
    return {
        "paper": r.choice(["A4", "Letter"]),
        "serif": r.random() < 0.5,
        "size": r.choice([9, 10, 10.5, 11, 12]),
        "justify": r.random() < 0.5,
        "spacing": spacing,
        # Reports set without space between paragraphs mark them by indent.
        "indent": spacing == 0 and r.random() < 0.6,
        "running": r.random() < 0.7,
    }


# ------------------------------------------------------------ HTML
def x(s):
    return escape(s, quote=False)


def css(st, landscape, for_wk=False):
    fam = ('"Liberation Serif", "DejaVu Serif", serif' if st["serif"]
           else '"Liberation Sans", "DejaVu Sans", sans-serif')
    size = "%s %s" % (st["paper"], "landscape" if landscape else "portrait")
    out = ["@page { size: %s; margin: 20mm 18mm 20mm 18mm; }" % size,
           "body { font-family: %s; font-size: %spt; line-height: 1.25; }" % (fam, st["size"]),
           "p { margin: 0 0 %dpt 0; %s %s }" % (
               st["spacing"], "text-align: justify;" if st["justify"] else "",
               "text-indent: 1.5em;" if st["indent"] else ""),
           "p.label, h1 + p, h2 + p, h3 + p, p.label + p, td p:first-child { text-indent: 0; }",
           "p.label { font-weight: bold; margin-top: %dpt; }" % max(st["spacing"], 4),
           "h1 { font-size: 1.7em; } h2 { font-size: 1.25em; font-weight: normal; }",
           "h3 { font-size: 1.25em; margin: 14pt 0 6pt 0; }",
           "ul { margin: 0 0 %dpt 0; }" % st["spacing"],
           "table { border-collapse: collapse; width: 100%; margin: 6pt 0 12pt 0; }",
           "thead { display: table-header-group; }",
           "tr { page-break-inside: auto; }",
           "th, td { border: 0.75pt solid #333; padding: 4pt; vertical-align: top; text-align: left; }",
           "th { background: #dde4ee; }",
           "td p { text-indent: 0; }"]
    return "\n".join(out)


def html_front(doc):
    out = ["<p>%s</p>" % x(doc["date"]), "<h1>%s</h1>" % x(doc["title"]),
           "<h2>Response from %s (%s)</h2>" % (x(doc["partnership"]), x(doc["acr"])),
           "<p>In %s the %s began a Serious Case Review (SCR) in relation to the services "
           "provided to %s and their family. The review scrutinised the work of the "
           "following agencies:</p>" % (x(doc["date"]), x(doc["acr"]), x(doc["child"])),
           "<ul>" + "".join("<li>%s</li>" % x(a) for a in doc["agencies"]) + "</ul>",
           "<p>The full findings of the SCR are set out in the overview report, which is "
           "published alongside this response. The table at the end sets out how the "
           "learning will be shared.</p>",
           "<p>%s</p><p>Independent Chair, %s</p>" % (x(doc["chair"]), x(doc["partnership"]))]
    return out


def html_item(label, item):
    out = ['<p class="label">%s</p>' % x(label)]
    out += ["<p>%s</p>" % x(p) for p in item["paragraphs"]]
    if item["points"]:
        out.append("<ul>" + "".join("<li>%s</li>" % x(p) for p in item["points"]) + "</ul>")
    return out


def action_label(doc):
    return "%s Context / Actions already taken / %s Action" % (doc["acr"], doc["acr"])


def html_learning(doc, t):
    out = []
    for f in t["findings"]:
        out += html_item("Finding %s" % f["id"], f)
    for l in t["lessons"]:
        out += html_item("Lesson %s" % l["id"], l)
    for rc in t["recommendations"]:
        out += html_item("Recommendation %d" % rc["number"], rc)
    return out


def html_dissemination(doc):
    heads = ["Dissemination of the Learning", "Specific Actions",
             "Subgroup(s) or single agency", "Deadline",
             "Expected Impact and how it will be tested"]
    out = ['<table border="1" cellpadding="4">',
           "<thead><tr>" + "".join("<th>%s</th>" % h for h in heads) + "</tr></thead><tbody>"]
    rows = doc["dissemination"]
    for i, row in enumerate(rows):
        cells = []
        if row["learning"] is not None:
            n = 1
            while i + n < len(rows) and rows[i + n]["learning"] is None:
                n += 1
            cells.append('<td rowspan="%d"><p>%s</p></td>' % (n, x(row["learning"])))
        for key in ("actions", "owners"):
            cells.append("<td>" + "".join("<p>%s</p>" % x(p) for p in row[key]) + "</td>")
        cells.append("<td>%s</td>" % ("<p>%s</p>" % x(row["deadline"]) if row["deadline"] else ""))
        cells.append("<td>" + "".join("<p>%s</p>" % x(p) for p in row["impact"]) + "</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return out


def html_doc(doc, st, template, for_wk=False):
    landscape = template == "table3-landscape"
    body = html_front(doc)
    for t in doc["themes"]:
        body.append("<h3>Theme %d: %s</h3>" % (t["number"], x(t["title"])))
        if template == "linear":
            body += html_learning(doc, t)
            body.append('<p class="label">%s</p>' % x(action_label(doc)))
            body += ["<p>%s</p>" % x(a) for a in t["actions"]]
            body.append('<p class="label">How will we know</p>')
            body += ["<p>%s</p>" % x(m) for m in t["measures"]]
        elif template.startswith("table3"):
            body.append('<table border="1" cellpadding="4"><colgroup><col style="width:46%"><col style="width:30%">'
                        '<col style="width:24%"></colgroup>')
            body.append("<thead><tr><th>Findings, Lessons and Recommendations</th><th>%s</th>"
                        "<th>How will we know</th></tr></thead><tbody><tr>" % x(action_label(doc)))
            body.append("<td>" + "".join(html_learning(doc, t)) + "</td>")
            body.append("<td>" + "".join("<p>%s</p>" % x(a) for a in t["actions"]) + "</td>")
            body.append("<td>" + "".join("<p>%s</p>" % x(m) for m in t["measures"]) + "</td>")
            body.append("</tr></tbody></table>")
        elif template == "table2":
            body.append('<table border="1" cellpadding="4"><colgroup><col style="width:26%"><col style="width:74%"></colgroup><tbody>')
            rows = [("Finding %s" % f["id"], f) for f in t["findings"]]
            rows += [("Lesson %s" % l["id"], l) for l in t["lessons"]]
            rows += [("Recommendation %d" % rc["number"], rc) for rc in t["recommendations"]]
            rows += [(action_label(doc), {"paragraphs": t["actions"], "points": []}),
                     ("How will we know", {"paragraphs": t["measures"], "points": []})]
            for label, it in rows:
                cell = "".join("<p>%s</p>" % x(p) for p in it["paragraphs"])
                if it["points"]:
                    cell += "<ul>" + "".join("<li>%s</li>" % x(p) for p in it["points"]) + "</ul>"
                body.append('<tr><td><p class="label">%s</p></td><td>%s</td></tr>' % (x(label), cell))
            body.append("</tbody></table>")
    body += html_dissemination(doc)
    head = ['<!DOCTYPE html>', '<html lang="en-GB"><head><meta charset="utf-8">',
            "<title>%s</title>" % x(doc["title"]),
            "<style>%s</style></head><body>" % css(st, landscape, for_wk)]
    return "\n".join(head + body + ["</body></html>", ""])


# ------------------------------------------------------------ groff
def g(s):
    """Text safe at the start of a groff line."""
    s = s.replace("\\", "\\e")
    return ("\\&" + s) if s[:1] in ".'" else s


def groff_doc(doc, st, template):
    font = "T" if st["serif"] else "H"
    ps = int(st["size"]) if st["size"] == int(st["size"]) else st["size"]
    out = [".\\\" round-trip document, seed %d" % doc["seed"],
           ".nr PS %s" % ps, ".nr VS %s" % (ps + 2), ".fam %s" % font,
           ".nr PD %sp" % st["spacing"], ".nr PI %s" % ("1.5m" if st["indent"] else "0"),
           ".nr HM 1i", ".nr FM 1i"]
    if not st["justify"]:
        out.append(".na")
    if st["running"]:
        out += [".ds LH", ".ds CH", ".ds RH %s" % doc["partnership"],
                ".ds CF Page %N"]
    else:
        out += [".ds CH", ".ds CF"]
    para = ".PP" if st["indent"] else ".LP"
    out += [".LP", g(doc["date"]), ".SH", "\\s+6%s\\s0" % g(doc["title"]),
            ".LP", "Response from %s (%s)" % (doc["partnership"], doc["acr"]),
            para, "In %s the %s began a Serious Case Review (SCR) in relation to the services "
            "provided to %s and their family. The review scrutinised the work of the "
            "following agencies:" % (doc["date"], doc["acr"], doc["child"])]
    for a in doc["agencies"]:
        out += [".IP \\(bu 2", g(a)]
    out += [".LP", "The full findings of the SCR are set out in the overview report, which is "
            "published alongside this response. The table at the end sets out how the "
            "learning will be shared.", ".LP", doc["chair"], ".br",
            "Independent Chair, %s" % doc["partnership"]]

    def item(label, it):
        o = [".LP", ".B \"%s\"" % label]
        for p in it["paragraphs"]:
            o += [para, g(p)]
        for p in it["points"]:
            o += [".IP \\(bu 2", g(p)]
        return o

    for t in doc["themes"]:
        out += [".SH", "Theme %d: %s" % (t["number"], t["title"])]
        if template == "linear":
            for f in t["findings"]:
                out += item("Finding %s" % f["id"], f)
            for l in t["lessons"]:
                out += item("Lesson %s" % l["id"], l)
            for rc in t["recommendations"]:
                out += item("Recommendation %d" % rc["number"], rc)
            out += item(action_label(doc), {"paragraphs": t["actions"], "points": []})
            out += item("How will we know", {"paragraphs": t["measures"], "points": []})
        else:
            # tbl: one row per item, label | text, ruled all round.
            # .TS H lets ms break the table between rows across pages.
            out += [".TS H", "allbox tab(@);", "lb lx.", ".TH"]
            rows = [("Finding %s" % f["id"], f) for f in t["findings"]]
            rows += [("Lesson %s" % l["id"], l) for l in t["lessons"]]
            rows += [("Recommendation %d" % rc["number"], rc) for rc in t["recommendations"]]
            rows += [(action_label(doc), {"paragraphs": t["actions"], "points": []}),
                     ("How will we know", {"paragraphs": t["measures"], "points": []})]
            # A tbl row cannot break across pages (one taller than the page
            # is dropped), so each paragraph is a row of its own, the
            # label spanning them, as such tables are built.
            for label, it in rows:
                paras = list(it["paragraphs"]) + ["\\(bu " + p for p in it["points"]]
                for k, p in enumerate(paras):
                    first = "T{\n%s\nT}" % g(label) if k == 0 else "\\^"
                    out.append("%s@T{\n%s\nT}" % (first, g(p)))
            out.append(".TE")
    out += [".LP", ".TS H", "allbox tab(@);",
            "lbw(1.3i) lbw(1.5i) lbw(1i) lbw(0.7i) lbw(1.3i)",
            "lx lx lx l lx."]
    out.append("@".join("T{\n%s\nT}" % h for h in [
        "Dissemination of the Learning", "Specific Actions",
        "Subgroup(s) or single agency", "Deadline",
        "Expected Impact and how it will be tested"]))
    out.append(".TH")
    for row in doc["dissemination"]:
        def cell(ps):
            return "T{\n%s\nT}" % "\n.sp 0.5v\n".join(g(p) for p in ps) if ps else ""
        first = cell([row["learning"]]) if row["learning"] is not None else "\\^"
        out.append("@".join([first, cell(row["actions"]), cell(row["owners"]),
                             row["deadline"] or "", cell(row["impact"])]))
    out.append(".TE")
    return "\n".join(out) + "\n"


# ------------------------------------------------------------ generators
def run(cmd, **kw):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=180, **kw)


def chromium(src, pdf, tmp):
    prof = tempfile.mkdtemp(dir=tmp)
    run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--user-data-dir=" + prof, "--no-pdf-header-footer",
         "--print-to-pdf=" + pdf, "file://" + os.path.abspath(src)])


def soffice(src, pdf, tmp, filt=None):
    od = tempfile.mkdtemp(dir=tmp)
    conv = "pdf:writer_pdf_Export" if filt is None else filt
    cmd = ["soffice", "-env:UserInstallation=file://%s/profile" % od, "--headless"]
    if src.endswith(".html"):
        cmd += ["--infilter=HTML (StarWriter)"]
    run(cmd + ["--convert-to", conv, "--outdir", od, src])
    shutil.move(os.path.join(od, os.path.splitext(os.path.basename(src))[0] + ".pdf"), pdf)


def wkhtml(src, pdf, st, landscape):
    run(["wkhtmltopdf", "--quiet", "-s", st["paper"], "-O",
         "Landscape" if landscape else "Portrait", "--enable-local-file-access",
         "-T", "20mm", "-B", "20mm", "-L", "18mm", "-R", "18mm",
         src, pdf])


def groff(src, pdf, st, tmp):
    paper = "a4" if st["paper"] == "A4" else "letter"
    ps = os.path.join(tmp, "g.ps")
    with open(ps, "wb") as out:
        subprocess.run(["groff", "-t", "-ms", "-Tps", "-dpaper=" + paper, "-P-p" + paper, src],
                       check=True, stdout=out, stderr=subprocess.DEVNULL, timeout=120)
    run(["ps2pdf", "-sPAPERSIZE=" + paper, "-dEmbedAllFonts=true", ps, pdf])


def pandoc_docx(src, pdf, tmp):
    docx = os.path.join(tmp, os.path.splitext(os.path.basename(src))[0] + ".docx")
    run(["pandoc", "-f", "html", "-t", "docx", "-o", docx, src])
    soffice(docx, pdf, tmp)


# Which generators each template goes through.
CELLS = {
    "linear": ["html", "chromium", "libreoffice", "wkhtmltopdf", "pandoc-docx", "groff"],
    "table3-portrait": ["html", "chromium", "libreoffice", "wkhtmltopdf"],
    "table3-landscape": ["html", "chromium", "libreoffice", "wkhtmltopdf"],
    "table2": ["html", "chromium", "libreoffice", "wkhtmltopdf", "groff"],
}


# The report model's cells (report.py): every template through every generator.
REPORT_CELLS = {t: ["html", "chromium", "libreoffice", "wkhtmltopdf", "pandoc-docx", "groff"]
                for t in ["overview", "exec-summary", "recs-after-finding", "thematic",
                          "annual-report", "policy"]}

# Programs each generator needs.
TOOLS = {"html": [], "chromium": ["chromium"], "libreoffice": ["soffice"],
         "wkhtmltopdf": ["wkhtmltopdf"], "pandoc-docx": ["pandoc", "soffice"],
         "groff": ["groff", "tbl", "ps2pdf"]}


def missing_tools(gen):
    return [t for t in TOOLS.get(gen, []) if shutil.which(t) is None]


def groff_pages(ps):
    with open(ps, "rb") as f:
        for line in f:
            if line.startswith(b"%%Pages:"):
                try:
                    return int(line.split()[1])
                except (IndexError, ValueError):
                    return None
    return None


def render_report(gen, doc, st, cell_dir, name, tmp):
    import report
    pdf = os.path.join(cell_dir, name + ".pdf")
    if gen == "groff":
        src = os.path.join(cell_dir, name + ".ms")
        with open(src, "w") as f:
            f.write(report.groff_report(doc, st))
        groff(src, pdf, st, tmp)
        # Second pass: "page N of M" needs M, which groff learns only by
        # setting the document once.
        if report.furniture(doc, st):
            total = groff_pages(os.path.join(tmp, "g.ps"))
            if total:
                with open(src, "w") as f:
                    f.write(report.groff_report(doc, st, total))
                groff(src, pdf, st, tmp)
        return
    flavour = {"html": "html", "chromium": "chromium", "libreoffice": "lo",
               "wkhtmltopdf": "wk", "pandoc-docx": "docx"}[gen]
    src = os.path.join(cell_dir, name + ".html")
    with open(src, "w") as f:
        f.write(report.html_report(doc, st, flavour))
    if gen == "html":
        return
    if gen == "chromium":
        chromium(src, pdf, tmp)
    elif gen == "libreoffice":
        soffice(src, pdf, tmp)
    elif gen == "wkhtmltopdf":
        run(["wkhtmltopdf", "--quiet", "-s", st["paper"], "-O", "Portrait",
             "--enable-local-file-access", "-T", "20mm", "-B", "20mm", "-L", "18mm",
             "-R", "18mm"] + report.wk_args(doc, st) + [src, pdf])
    elif gen == "pandoc-docx":
        pandoc_docx(src, pdf, tmp)
    os.rename(src, src + ".src")


def render(template, gen, doc, st, cell_dir, name, tmp):
    landscape = template == "table3-landscape"
    if gen == "groff":
        src = os.path.join(cell_dir, name + ".ms")
        with open(src, "w") as f:
            f.write(groff_doc(doc, st, template))
        groff(src, os.path.join(cell_dir, name + ".pdf"), st, tmp)
        return
    src = os.path.join(cell_dir, name + ".html")
    with open(src, "w") as f:
        f.write(html_doc(doc, st, template))
    pdf = os.path.join(cell_dir, name + ".pdf")
    if gen == "html":
        return
    if gen == "chromium":
        chromium(src, pdf, tmp)
    elif gen == "libreoffice":
        soffice(src, pdf, tmp)
    elif gen == "wkhtmltopdf":
        wkhtml(src, pdf, st, landscape)
    elif gen == "pandoc-docx":
        pandoc_docx(src, pdf, tmp)
    # The source of a PDF is kept beside it but must not be read as a
    # document of its own.
    os.rename(src, src + ".src")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--n", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--model", choices=["response", "report"], default="response")
    ap.add_argument("--templates", default="")
    ap.add_argument("--generators", default="")
    ap.add_argument("--pages", type=int, default=None,
                    help="report model: aim each document at this many pages")
    a = ap.parse_args()
    cells = CELLS if a.model == "response" else REPORT_CELLS
    templates = a.templates.split(",") if a.templates else list(cells)
    gens = set(a.generators.split(",")) if a.generators else None
    tmp = tempfile.mkdtemp()
    failures = 0
    if a.model == "report":
        sys.path.insert(0, HERE)
        import report
    try:
        for template in templates:
            # Seeds follow the template's place in the model's cells, so a
            # cell rendered alone gives the same documents as in a full run.
            ti = list(cells).index(template)
            for gen in cells[template]:
                if gens and gen not in gens:
                    continue
                miss = missing_tools(gen)
                if miss:
                    print("skipped %s.%s: %s not installed" % (template, gen, ", ".join(miss)),
                          file=sys.stderr)
                    continue
                cell_dir = os.path.join(a.out, "%s.%s" % (template, gen))
                os.makedirs(cell_dir, exist_ok=True)
                for k in range(a.n):
                    seed = a.seed * 1000 + ti * 100 + k
                    st = style_of(seed)
                    if a.model == "response":
                        doc = make_doc(seed)
                        name = "d%05d" % seed
                        exp = expected(doc)
                    else:
                        doc = report.make(seed, template, a.pages, st)
                        name = "r%05d" % seed
                        exp = doc["expected"]
                    with open(os.path.join(cell_dir, name + ".expected.json"), "w") as f:
                        json.dump(exp, f, indent=1, sort_keys=True)
                        f.write("\n")
                    try:
                        if a.model == "response":
                            render(template, gen, doc, st, cell_dir, name, tmp)
                        else:
                            render_report(gen, doc, st, cell_dir, name, tmp)
                    except (subprocess.SubprocessError, OSError) as e:
                        failures += 1
                        print("render failed: %s %s: %s" % (cell_dir, name, e), file=sys.stderr)
                print("rendered %s" % cell_dir, file=sys.stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
