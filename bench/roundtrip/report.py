"""Report model of the round-trip corpus: review reports (overview reports,
executive summaries, reports whose recommendations follow each finding,
thematic reviews of several children) and two look-alike documents that
publish no review (a partnership annual report, a policy), as data; their
rendering as blocks for the HTML and groff writers of gen.py; and the
expected JSON of each.

Everything here is invented: partnerships, areas, children, reviewers and
wording. Item text is plain ASCII so that no generator's quote or dash
substitution changes it; page furniture (running headers, footers) uses
en dashes, as real reports do, since it is never item text.

A document is a dict with `blocks`, a list of tuples:

    ("cover", [(cls, text), ...])     cover page lines, then a page break
    ("toc", title, style, [(num, title, page, level), ...])
    ("break",)                         page break
    ("part", text)                     part heading (thematic reviews)
    ("h1", text) / ("h2", text)        section / subsection heading
    ("label", text)                    bold paragraph ("Finding 1: ...")
    ("np", num, text)                  paragraph, numbered when num is set
    ("ul", [text, ...])                bulleted list
    ("ol", [(label, text), ...])       list with printed labels ("3a.")
    ("table", heads, rows, widths)     ruled table, widths in percent

Text may hold footnote marks "[[fn:K]]" (K indexes doc["footnotes"]); the
writers number them in order of appearance.
"""
import random
import re

from gen import AREAS, CHILDREN, OBJECTS, TAILS

MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]
REVIEWERS = ["Dr Alison Marchetti", "Gareth Penrose", "Sunita Varley",
             "Jonathan Threlfall", "Moira Castlebury", "Dr Kwame Adebayo-Fenn",
             "Rosalind Whitcombe", "Patrick Delahunt", "Hannah Oyelaran",
             "Colin Ravensworth"]
CHAIRS = ["Margaret Idle", "Simon Hartwell", "Dr Farah Quereshi",
          "Lynne Abbotsley", "Robert Kilbride", "Nadine Foulkes"]
PARENTS = ["mother", "father", "stepfather", "mother's partner", "grandmother"]
AGENCIES = ["Children's Social Care", "the police", "the health visiting service",
            "the school", "the general practice", "the nursery",
            "the emergency department", "adult mental health services",
            "the housing provider", "the early help service",
            "the substance misuse service", "the midwifery service"]
ADDRESSEES = ["The partnership", "The ICB", "The Integrated Care Board",
              "Children's Social Care", "The police", "The Local Authority",
              "The Designated Safeguarding Leads' network",
              "The Learning and Improvement Subgroup", "Each partner agency",
              "The health visiting service", "The Education Safeguarding Team"]
REC_VERBS = ["should seek assurance that", "should review its guidance so that",
             "should make sure that", "should audit practice to show that",
             "should develop training so that", "should agree a protocol so that",
             "should report to the partnership within six months on how"]
REC_OBJECTS = ["practitioners see the child alone when there are concerns about neglect",
               "the history of every adult in the household is gathered and analysed",
               "missed health appointments for children are followed up and escalated",
               "information about a new partner is shared with the allocated worker",
               "the voice of the child is recorded in every assessment and plan",
               "fathers and male carers are included in assessments and plans",
               "strategy discussions include every agency that knows the family",
               "concerns about a baby's injuries are referred without delay",
               "plans are reviewed when the family moves between areas",
               "supervision gives time to reflect on cases of long-term neglect",
               "school attendance concerns are linked to safeguarding information",
               "the impact of parental mental health on the children is assessed"]
TITLE_SUBJ = ["Assessment of the family", "The voice of the child", "Information sharing",
              "Professional curiosity", "Escalation between agencies",
              "Work with fathers and male carers", "The response to neglect",
              "Health follow-up", "Multi-agency planning", "Supervision",
              "Transfer between areas", "The understanding of risk",
              "Recording of history", "Attendance at school"]
TITLE_PRED = ["did not capture the lived experience of the child",
              "was limited by a focus on the adults",
              "did not bring together what was known",
              "was not always sustained over time",
              "relied on what the parents reported",
              "lost sight of the cumulative harm",
              "did not follow when concerns were raised",
              "was not reviewed when circumstances changed"]
STORY = ["{C} lived with {his} {parent} and {sibs} in a rented flat in {area}.",
         "{C} was described by the school as a quiet child who wanted to please adults.",
         "{C}'s family had moved to {area} from another part of the country when {he} was small.",
         "{C} enjoyed drawing and football, and {his} teachers said {he} was kind to younger children.",
         "The family was known to {agency} because of concerns about the condition of the home.",
         "{C}'s {parent} had a long history of depression and sometimes found it hard to leave the house.",
         "Relatives told the review that {C} often arrived at their house hungry and asked to stay.",
         "There were periods when {C} did not attend school for several weeks at a time.",
         "{C} was seen by {agency} on a number of occasions for minor injuries and illnesses.",
         "A new adult joined the household during the period under review and little was known about him.",
         "{C} told a teaching assistant that {he} did not like going home at weekends.",
         "The family had support from {agency} for a period, and the case was then closed."]
ANALYSIS = ["The review has considered how {agency} responded to the concerns raised about {C} {tail}.",
            "Practitioners told the review that they were worried about {obj} but did not feel able to challenge the parents.",
            "The records show that {agency} knew about {obj}, but this was not shared with the other agencies involved.",
            "It is clear from the chronology that the focus of the work moved towards the needs of the adults {tail}.",
            "There was a reasonable expectation that {agency} would bring the information together {tail}.",
            "The review found no evidence that {obj} was discussed with managers {tail}.",
            "Several practitioners described {C} as withdrawn, yet this was not linked to {obj}.",
            "Thresholds were applied consistently, but the decisions did not reflect {obj}.",
            "The assessment completed by {agency} was thorough in places but did not consider {obj}.",
            "Managers accepted the view that the family was cooperating, although {obj} suggested otherwise.",
            "This pattern is familiar from other reviews, and the partnership has started work on it."]
EVENTS = ["Health visitor new birth visit; home conditions noted as poor.",
          "School reports {C} absent for ten days with no explanation.",
          "Police called to the family home following a report of an argument.",
          "{C} seen at the emergency department with a burn to the hand.",
          "Referral to Children's Social Care from the school; no further action.",
          "Early help assessment started with the agreement of the {parent}.",
          "GP appointment for {C} not attended.",
          "Strategy discussion held; single agency enquiries agreed.",
          "Case closed to early help following improved attendance.",
          "Anonymous call to the police about children left alone at home.",
          "{C}'s {parent} tells the GP of low mood and difficulty sleeping.",
          "Housing officer visits after complaints from neighbours about noise."]
LEARNING = ["Practitioners need to see and speak to the child on their own when there are concerns about care at home.",
            "A history of missed appointments is information about the child, not only about the parent.",
            "When a new adult joins a household, agencies should find out who they are and share what they know.",
            "Cooperation from a parent is not the same as change for the child.",
            "Neglect is cumulative: each concern should be read against what has gone before.",
            "Closing a case needs evidence that the child's daily life has improved.",
            "Escalation is part of good practice and should be supported by managers.",
            "Information held by one agency may be the missing piece for another.",
            "Children who are quiet and compliant may be hiding what is happening at home.",
            "Assessments should include every adult who cares for the child, including fathers."]
CONCLUSIONS = ["The review has found that many practitioners cared about {C} and tried to help the family.",
               "The learning from this review is not about a single agency but about how agencies work together.",
               "The partnership has accepted the findings and has begun to act on them.",
               "It is not possible to say whether a different response would have changed the outcome for {C}.",
               "The review thanks the family members who took part and shared their memories of {C}."]
FOOTNOTES = ["The partnership's neglect strategy was revised during the review.",
             "Names of practitioners are not used in this report.",
             "The term lived experience is used to mean what daily life was like for the child.",
             "Figures are taken from the agency records provided to the review.",
             "The threshold document in use at the time was replaced in 2021.",
             "A strategy discussion is a meeting of agencies to decide whether to make enquiries.",
             "The early help assessment was known locally as a family plan.",
             "This is discussed further in the section on supervision."]
GLOSSARY = [("CSC", "Children's Social Care"), ("DSL", "Designated Safeguarding Lead"),
            ("ED", "Emergency Department"), ("GP", "General Practitioner"),
            ("ICB", "Integrated Care Board"), ("LADO", "Local Authority Designated Officer"),
            ("MASH", "Multi-Agency Safeguarding Hub"), ("EHA", "Early Help Assessment"),
            ("CP", "Child Protection"), ("CIN", "Child in Need")]
TOR_QUESTIONS = ["To consider how well agencies understood the daily life of the child.",
                 "To examine how information was shared between agencies.",
                 "To consider whether thresholds were applied appropriately.",
                 "To identify whether the voice of the child was heard.",
                 "To consider the quality of assessments of the adults in the household.",
                 "To establish what learning there is for the partnership."]
TOPICS = ["Children Living with Neglect", "Non-accidental Injury in Babies",
          "Adolescents at Risk of Exploitation", "Children Missing Education",
          "Children Affected by Parental Mental Illness"]


def fn(k):
    return "[[fn:%d]]" % k


FN_RE = re.compile(r"\[\[fn:(\d+)\]\]")


def strip_fn(s):
    return FN_RE.sub("", s)


class Ctx:
    """Words of one document: the child, pronouns, area."""

    def __init__(self, r, child, he, area):
        self.r, self.child, self.area = r, child, area
        self.he, self.his = ("he", "his") if he else ("she", "her")

    def fill(self, tpl, child=None):
        r = self.r
        c = child or self.child
        s = tpl.format(C=c, he=self.he, his=self.his, area=self.area,
                       parent=r.choice(PARENTS), agency=r.choice(AGENCIES),
                       obj=r.choice(OBJECTS), tail=r.choice(TAILS),
                       sibs=r.choice(["two younger siblings", "an older brother",
                                      "a baby sister", "three siblings"]))
        return s[0].upper() + s[1:]

    def para(self, pool, lo, hi, child=None):
        return " ".join(self.fill(t, child) for t in self.r.sample(pool, self.r.randint(lo, hi)))


def date_str(r, y, full=True):
    m = r.randint(1, 12)
    if full:
        d = r.randint(1, 28)
        return "%d %s %d" % (d, MONTHS[m - 1], y), "%d-%02d-%02d" % (y, m, d)
    return "%s %d" % (MONTHS[m - 1], y), "%d-%02d" % (y, m)


def rec_text(r):
    who = r.choice(ADDRESSEES)
    s = "%s %s %s." % (who, r.choice(REC_VERBS), r.choice(REC_OBJECTS))
    if r.random() < 0.3:
        s += " " + r.choice(["Progress should be reported to the partnership.",
                             "This should be tested through a multi-agency audit.",
                             "The learning should be included in the core training."])
    return s


def finding_title(r):
    return "%s %s" % (r.choice(TITLE_SUBJ), r.choice(TITLE_PRED))


# ------------------------------------------------------------ sizes
def words_per_page(st):
    """Rough words a page holds at this style: used to aim at a size."""
    w = 700.0 * (10.5 / st["size"]) ** 2
    w *= 1.0 - st["spacing"] * 0.012
    if st["paper"] == "Letter":
        w *= 0.97
    return w


def target_pages(r, template, pages):
    if pages:
        return pages
    return {"overview": r.randint(14, 60), "exec-summary": r.randint(6, 10),
            "recs-after-finding": r.randint(10, 36), "thematic": r.randint(18, 60),
            "annual-report": r.randint(8, 20), "policy": r.randint(6, 14)}[template]


def nwords(blocks):
    n = 0
    for b in blocks:
        if b[0] in ("np", "label", "h1", "h2", "part"):
            n += len(b[-1].split())
        elif b[0] == "ul":
            n += sum(len(t.split()) for t in b[1]) + 2 * len(b[1])
        elif b[0] == "ol":
            n += sum(len(t.split()) for _, t in b[1]) + 2 * len(b[1])
        elif b[0] == "table":
            n += sum(len(str(c).split()) for row in b[2] for c in row) * 1.6 + 8 * len(b[2])
        elif b[0] in ("cover", "toc"):
            n += 450
        elif b[0] == "break":
            n += 250
    return n


# ------------------------------------------------------------ writer
class Doc:
    """Blocks with decimal paragraph numbers and a contents list."""

    def __init__(self, numbered=True):
        self.blocks = []
        self.toc = []
        self.sec = 0
        self.sub = 0
        self.par = 0
        self.numbered = numbered
        self.footnotes = []

    def part(self, text):
        self.blocks.append(("part", text))
        self.toc.append((None, text, None, 0))

    def h1(self, title, numbered=True):
        if numbered:
            self.sec += 1
            self.sub = 0
            self.par = 0
            self.blocks.append(("h1", "%d. %s" % (self.sec, title) if self.numbered else title))
            self.toc.append(("%d" % self.sec if self.numbered else None, title, None, 1))
        else:
            self.blocks.append(("h1", title))
            self.toc.append((None, title, None, 1))

    def h2(self, title):
        self.sub += 1
        self.par = 0
        num = "%d.%d" % (self.sec, self.sub)
        self.blocks.append(("h2", "%s %s" % (num, title) if self.numbered else title))
        self.toc.append((num if self.numbered else None, title, None, 2))

    def p(self, text, sub=False):
        """A paragraph numbered 4.12, or 5.2.3 inside subsection 5.2."""
        if not self.numbered:
            self.blocks.append(("np", None, text))
            return
        self.par += 1
        num = ("%d.%d.%d" % (self.sec, self.sub, self.par) if sub and self.sub
               else "%d.%d" % (self.sec, self.par))
        self.blocks.append(("np", num, text))

    def note(self, r, text, p=0.25):
        """Maybe end the text's first sentence with a footnote mark."""
        if r.random() >= p:
            return text
        k = len(self.footnotes)
        self.footnotes.append(r.choice(FOOTNOTES))
        i = text.find(". ")
        i = len(text) if i < 0 else i + 1
        return text[:i] + fn(k) + text[i:]


# ------------------------------------------------------------ reviews
def identity(r, template):
    area = r.choice(AREAS)
    kind = r.choice(["SCR", "LCSPR", "LCSPR", "CSPR"])
    if template == "thematic":
        kind = r.choice(["LCSPR", "CSPR"])
    if kind == "SCR":
        year = r.randint(2015, 2020)
        printed = "Serious Case Review"
        partnership = r.choice(["%s Local Safeguarding Children Board",
                                "%s Safeguarding Children Board"]) % area
    else:
        year = r.randint(2020, 2025)
        printed = ("Local Child Safeguarding Practice Review" if kind == "LCSPR"
                   else "Child Safeguarding Practice Review")
        partnership = r.choice(["%s Safeguarding Children Partnership",
                                "%s Children's Safeguarding Partnership"]) % area
    return area, kind, printed, partnership, year


def subject_of(r):
    k = r.random()
    if k < 0.45:
        code = r.choice("ABCDEFGHJKLMNPRSTWY")
        if r.random() < 0.3:
            code += r.choice("ABCDEFGHJKLMNPRSTWY")
        return "Child " + code, "Child " + code
    if k < 0.55:
        code = r.choice("ABCDEFGHJKLMNPRSTWY")
        return "Baby " + code, "Baby " + code
    name = r.choice(CHILDREN)
    return name, name


def make_report(seed, template, pages=None, st=None):
    r = random.Random(seed)
    area, kind, printed, partnership, year = identity(r, template)
    ctx_he = r.random() < 0.5
    thematic = template == "thematic"
    if thematic:
        letters = sorted(r.sample("ABCDEFGHJKLMNPRSTWY", r.randint(3, 4)))
        children = ["Child " + c for c in letters]
        subject = "Children %s and %s" % (", ".join(letters[:-1]), letters[-1])
        topic = r.choice(TOPICS)
        ctx = Ctx(r, children[0], ctx_he, area)
    else:
        subject, child = subject_of(r)
        children = [child]
        topic = None
        ctx = Ctx(r, child, ctx_he, area)
    doc_kind = "Executive Summary" if template == "exec-summary" else "Overview Report"
    pub_full = r.random() < 0.6
    published_printed, published = date_str(r, year, pub_full)
    numbered = template != "exec-summary" or r.random() < 0.5
    d = Doc(numbered)
    author = r.choice(REVIEWERS)
    chair = r.choice(CHAIRS)
    # Cover
    cover = [("small", partnership)]
    if thematic:
        cover += [("big", "Thematic %s" % printed), ("big", topic),
                  ("mid", "The experiences of %s" % subject)]
    elif r.random() < 0.5:
        cover += [("big", printed), ("big", subject)]
    else:
        cover += [("big", "%s: %s" % (printed, subject))]
    cover += [("mid", doc_kind),
              ("p", "Independent reviewer: %s" % author)]
    if r.random() < 0.5:
        cover.append(("p", "Independent Chair of the review panel: %s" % chair))
    if r.random() < 0.4:
        done, _ = date_str(r, year - 1 if r.random() < 0.5 else year, False)
        cover.append(("p", "Report completed: %s" % done))
    cover.append(("p", "%s %s" % (r.choice(["Published:", "Date of publication:"]), published_printed)))
    d.blocks.append(("cover", cover))
    st = st or {"size": 11, "spacing": 6, "paper": "A4"}
    want = target_pages(r, template, pages) * words_per_page(st)
    toc_at = len(d.blocks)
    C = ctx.child if not thematic else "the children"
    findings, lessons, recs = [], [], []
    fnum = [0]
    recnum = [0]

    def intro():
        d.h1("Introduction")
        d.p(d.note(r, "This %s was commissioned by %s following serious harm to %s. %s" % (
            printed if not thematic else "thematic review", partnership,
            C if not thematic else subject, ctx.para(ANALYSIS, 1, 2))))
        d.p(ctx.para(ANALYSIS, 2, 3))
        d.p("The review was led by %s, an independent reviewer, with a panel of senior "
            "managers from the agencies involved. The panel met %s times." % (
                author, r.choice(["four", "five", "six", "seven"])))

    def method():
        d.h1("Terms of reference and method")
        d.p("The review covered the period from %s to %s. The full terms of reference "
            "are in Appendix A." % (date_str(r, year - 3, False)[0], date_str(r, year - 1, False)[0]))
        d.p(d.note(r, "Agencies provided chronologies and short reports. Practitioners took part "
            "in a learning event, and family members were invited to contribute. %s" %
            ctx.para(ANALYSIS, 1, 1)))

    def story(child=None, first=True):
        c = child or ctx.child
        pool = r.sample(STORY, len(STORY))
        paras = []
        for _ in range(r.randint(2, 4)):
            n = r.randint(2, 3)
            paras.append(" ".join(ctx.fill(t, c) for t in pool[:n]))
            pool = pool[n:]
        for i, p in enumerate(paras):
            d.p(p if i == 0 else d.note(r, p), sub=bool(child))
        return paras[0]

    def chronology(rows_n):
        d.h1("Chronology of key events")
        d.p("The table below sets out the key events in the period under review.")
        rows = []
        y0 = year - 3
        days = sorted(r.sample(range(0, 900), rows_n))
        for k in days:
            y = y0 + k // 300
            m = (k % 300) // 25 + 1
            rows.append(["%d %s %d" % (k % 25 + 1, MONTHS[m - 1], y),
                         r.choice(["CSC", "Police", "School", "GP", "Health visiting",
                                   "ED", "Housing", "Early help"]),
                         ctx.fill(r.choice(EVENTS))])
        d.blocks.append(("table", ["Date", "Agency", "Event"], rows, [18, 18, 64]))

    def finding(printed_title=True, after_recs=None):
        fnum[0] += 1
        title = finding_title(r)
        d.blocks.append(("label", "Finding %d: %s" % (fnum[0], title)))
        paras = [ctx.para(ANALYSIS, 2, 4) for _ in range(r.randint(2, 4))]
        if r.random() < 0.2:
            paras.append(ctx.para(ANALYSIS, 5, 7))
        marked = [d.note(r, p, 0.3) for p in paras]
        for p in marked:
            d.p(p)
        findings.append({"id": str(fnum[0]), "number": None, "title": title,
                         "text": " ".join(paras), "points": []})

    def rec_list():
        items = []
        n = r.randint(3, 8)
        split = r.randint(1, n) if r.random() < 0.6 else None
        for k in range(1, n + 1):
            subs = [None] if k != split else ["a", "b"] + (["c"] if r.random() < 0.3 else [])
            for s in subs:
                text = rec_text(r)
                rid = "%d%s" % (k, s) if s else None
                items.append((rid, k, text))
        return items

    def add_recs(items, style):
        for rid, k, text in items:
            lab = rid or str(k)
            if style == "list":
                d.blocks.append(("ol", [(lab + ".", text)]))
            elif style == "inline":
                d.blocks.append(("np", None, "[[b:Recommendation %s:]] %s" % (lab, text)))
            else:
                d.blocks.append(("label", "Recommendation %s" % lab))
                d.blocks.append(("np", None, text))
            recs.append({"id": rid, "number": k, "text": text, "points": []})

    def learning(title="Learning points"):
        d.h1(title)
        d.p("The review has identified the following learning for practitioners and managers.")
        pts = r.sample(LEARNING, r.randint(3, 6))
        d.blocks.append(("ul", pts))
        for t in pts:
            lessons.append({"id": None, "number": None, "text": t, "points": []})

    def conclusions():
        d.h1("Conclusions")
        for _ in range(r.randint(2, 3)):
            d.p(ctx.para(CONCLUSIONS, 2, 3))

    def appendices():
        d.blocks.append(("break",))
        d.h1("Appendix A: Terms of reference", numbered=False)
        d.blocks.append(("np", None, "The review panel agreed the following questions."))
        d.blocks.append(("ol", [("%d." % (k + 1), q) for k, q in
                                enumerate(r.sample(TOR_QUESTIONS, r.randint(4, 6)))]))
        d.h1("Appendix B: Panel membership", numbered=False)
        rows = [["Independent reviewer", "Independent"], ["Independent chair", "Independent"]]
        rows += [[r.choice(["Head of Service", "Designated Nurse", "Detective Inspector",
                            "Safeguarding Lead", "Service Manager"]), a]
                 for a in r.sample(["Children's Social Care", "Police", "ICB",
                                    "Education", "Community Health", "Housing"], 4)]
        d.blocks.append(("table", ["Role", "Agency"], rows, [50, 50]))
        d.h1("Appendix C: Glossary", numbered=False)
        d.blocks.append(("table", ["Term", "Meaning"],
                         [list(g) for g in sorted(r.sample(GLOSSARY, r.randint(5, 9)))], [25, 75]))

    def fill_analysis(budget_words, sub_title_pool):
        titles = r.sample(sub_title_pool, len(sub_title_pool))
        episode = 0
        while True:
            if titles:
                d.h2(titles.pop())
            else:
                episode += 1
                d.h2("Key practice episode %d" % episode)
            for _ in range(r.randint(5, 10)):
                d.p(d.note(r, ctx.para(ANALYSIS, 3, 5), 0.15), sub=True)
            if nwords(d.blocks) >= budget_words:
                break

    rec_style = r.choice(["list", "inline", "label"])
    summary = None
    if template == "overview":
        intro(); method()
        d.h1("%s's story" % ctx.child if r.random() < 0.5 else "Case summary")
        summary = story()
        chronology(r.randint(8, 24))
        d.h1("Analysis")
        d.p("This section considers the practice of agencies against the terms of reference.")
        tail_est = 900 + 260 * 4 + 60 * 8
        fill_analysis(want - tail_est, ["Understanding the child's daily life", "Information sharing",
                       "Assessment of risk", "Response to neglect", "Working with the family",
                       "Supervision and management oversight", "Escalation"])
        d.h1("Findings")
        d.p("The review has made the following findings.")
        for _ in range(r.randint(3, 7)):
            finding()
        if r.random() < 0.6:
            learning()
        conclusions()
        d.h1("Recommendations")
        d.p("The review makes the following recommendations to the partnership.")
        add_recs(rec_list(), rec_style)
        appendices()
    elif template == "exec-summary":
        intro()
        d.h1("Summary of the case")
        summary = story()
        if r.random() < 0.5:
            d.h1("Key findings")
            for _ in range(r.randint(2, 4)):
                finding()
        tail_est = 600 + 80 * 6
        if nwords(d.blocks) < want - tail_est:
            d.h1("Analysis")
            fill_analysis(want - tail_est, ["Practice with the family", "Multi-agency working",
                                            "Management oversight"])
        learning(r.choice(["Learning points", "Key learning"]))
        d.h1("Recommendations")
        d.p("The review makes the following recommendations.")
        add_recs(rec_list(), rec_style)
    elif template == "recs-after-finding":
        intro(); method()
        d.h1("%s's story" % ctx.child if r.random() < 0.5 else "Background")
        summary = story()
        chronology(r.randint(6, 16))
        nf = r.randint(3, 6)
        tail_est = 600 + nf * 420
        if nwords(d.blocks) < want - tail_est:
            d.h1("Analysis")
            fill_analysis(want - tail_est, ["The response to early concerns", "Home conditions",
                                            "Health", "Education", "Management oversight"])
        d.h1("Findings and recommendations")
        d.p("Each finding below is followed by the recommendation the review makes about it.")
        style = r.choice(["inline", "label"])
        for _ in range(nf):
            finding()
            k = fnum[0]
            subs = [None] if r.random() < 0.7 else ["a", "b"]
            add_recs([("%d%s" % (k, s) if s else None, k, rec_text(r)) for s in subs], style)
        conclusions()
        appendices()
    elif template == "thematic":
        d.part("Part One: The review")
        intro(); method()
        d.part("Part Two: The children")
        d.h1("The children and their families")
        summary = ("This review considers the experiences of %s, who lived in different parts of "
                   "%s and were known to many of the same services." % (subject, area))
        d.p(summary)
        for c in children:
            d.h2(c)
            story(c)
        d.part("Part Three: What the review found")
        d.h1("Analysis")
        tail_est = 700 + 5 * 420 + 400
        fill_analysis(want - tail_est, ["Patterns across the children's lives",
                                        "The response of universal services",
                                        "Thresholds and decisions", "Work with parents"])
        d.h1("Findings")
        for _ in range(r.randint(3, 6)):
            finding()
        d.part("Part Four: Learning and recommendations")
        learning("Local learning points")
        d.h1("National recommendations")
        d.p("The review makes the following recommendations to national bodies and to the partnership.")
        add_recs(rec_list(), rec_style)
        appendices()
    # Contents: page numbers spread over the document in order.
    # (The cover and contents come first; the rest is spread by words.)
    total = max(nwords(d.blocks), 1)
    pos, run_w = {}, 0
    for b in d.blocks:
        pos[id(b)] = run_w
        run_w += nwords([b])
    est_pages = max(int(0.85 * total / words_per_page(st)), 4)
    toc = []
    hi = [b for b in d.blocks if b[0] in ("h1", "h2", "part")]
    for (num, title, _, level), b in zip(d.toc, hi):
        page = 3 + int(pos[id(b)] * (est_pages - 2) / total)
        toc.append((num, title, page, level))
    style = r.choice(["dots", "table", "decimal"])
    if template != "exec-summary" or r.random() < 0.5:
        d.blocks[toc_at:toc_at] = [("toc", "Contents", style,
                                    [t for t in toc if t[3] <= (2 if style == "decimal" and
                                     sum(e[3] == 2 for e in toc) <= 24 else 1)]),
                                   ("break",)]
    header = "%s \u2013 %s" % (subject, doc_kind)
    review = {"subject": subject, "review_type": kind, "review_type_printed":
              ("Thematic %s" % printed) if thematic else printed,
              "published": published, "summary": summary,
              "findings": findings, "lessons": lessons, "recommendations": recs}
    if thematic:
        review["title"] = topic
    exp = {"document_type": "report", "partnership": partnership,
           "title": "%s: %s" % (printed, subject if not thematic else topic),
           "reviews": [review]}
    return {"seed": seed, "blocks": d.blocks, "footnotes": d.footnotes,
            "header": header, "partnership": partnership,
            "title": exp["title"], "expected": exp}


# ------------------------------------------------------------ negatives
def make_annual(seed, pages=None, st=None):
    r = random.Random(seed)
    area = r.choice(AREAS)
    partnership = "%s Safeguarding Children Partnership" % area
    year = r.randint(2020, 2024)
    ctx = Ctx(r, "children", True, area)
    st = st or {"size": 11, "spacing": 6, "paper": "A4"}
    want = target_pages(r, "annual-report", pages) * words_per_page(st)
    d = Doc(True)
    d.blocks.append(("cover", [("small", partnership), ("big", "Annual Report %d-%02d" % (year, (year + 1) % 100)),
                               ("p", "Published: %s" % date_str(r, year + 1, False)[0])]))
    d.h1("Foreword")
    d.p("This report sets out the work of the partnership over the year and the priorities "
        "for the year ahead. It is the last report of the current independent scrutineer.")
    d.h1("Our partnership")
    d.p("The three statutory partners are the Local Authority, the Integrated Care Board and "
        "the police. Schools and other relevant agencies are part of the arrangements.")
    d.h1("Performance information")
    rows = [[lab, str(r.randint(40, 2400)), str(r.randint(40, 2400))] for lab in
            ["Contacts to the front door", "Referrals to Children's Social Care",
             "Children subject to a child protection plan", "Children in care",
             "Early help assessments started", "Strategy discussions"]]
    d.blocks.append(("table", ["Measure", "%d-%02d" % (year - 1, year % 100),
                               "%d-%02d" % (year, (year + 1) % 100)], rows, [50, 25, 25]))
    d.h1("Case reviews")
    n_notif, n_rr, n_l = r.randint(3, 9), r.randint(2, 6), r.randint(1, 3)
    d.p("During the year the partnership notified the national panel of %d serious incidents. "
        "A rapid review was held for %d of them, and %d Local Child Safeguarding Practice "
        "Reviews were commissioned." % (n_notif, n_rr, n_l))
    d.p("No reviews were published during the year. Reviews that are still in progress will be "
        "published on the partnership's website when they are complete.")
    d.blocks.append(("table", ["", "%d-%02d" % (year, (year + 1) % 100)],
                     [["Serious incident notifications", str(n_notif)], ["Rapid reviews", str(n_rr)],
                      ["LCSPRs commissioned", str(n_l)], ["LCSPRs published", "0"]], [70, 30]))
    d.h2("Themes from rapid reviews")
    d.p("The themes seen most often in the rapid reviews of the year were neglect, the "
        "mental health of parents and the sharing of information about adults in the household.")
    d.h1("Training and learning")
    d.p("The partnership ran %d multi-agency courses, attended by %d practitioners." % (
        r.randint(20, 80), r.randint(400, 2400)))
    while nwords(d.blocks) < want - 400:
        d.h2(r.choice(["Quality assurance", "Voice of children and families", "Early help",
                       "Scrutiny", "Budget"]))
        for _ in range(r.randint(2, 4)):
            d.p(ctx.para(ANALYSIS[-3:] + [
                "The subgroup met {tail} and reviewed the data on {obj}.",
                "Partners reported on their work on {obj} {tail}."], 2, 3), sub=True)
    d.h1("Priorities for next year")
    d.blocks.append(("ol", [("%d." % (k + 1), t) for k, t in enumerate([
        "Strengthen the response to neglect across the partnership.",
        "Improve the quality of information shared at the front door.",
        "Hear more from children and families about the help they receive."])]))
    exp = {"document_type": "unknown", "partnership": partnership, "reviews": []}
    return {"seed": seed, "blocks": d.blocks, "footnotes": d.footnotes,
            "header": "%s \u2013 Annual Report" % partnership, "partnership": partnership,
            "title": "Annual Report", "expected": exp}


def make_policy(seed, pages=None, st=None):
    r = random.Random(seed)
    area = r.choice(AREAS)
    partnership = "%s Safeguarding Children Partnership" % area
    year = r.randint(2019, 2025)
    st = st or {"size": 11, "spacing": 6, "paper": "A4"}
    want = target_pages(r, "policy", pages) * words_per_page(st)
    ctx = Ctx(r, "the child", True, area)
    d = Doc(True)
    title = r.choice(["Escalation and Resolution of Professional Disagreements Policy",
                      "Neglect Practice Guidance", "Information Sharing Protocol"])
    d.blocks.append(("cover", [("small", partnership), ("big", title),
                               ("p", "Version %d.%d" % (r.randint(1, 4), r.randint(0, 9))),
                               ("p", "Review date: %s" % date_str(r, year + 2, False)[0])]))
    d.h1("Purpose")
    d.p("This policy sets out how practitioners should resolve disagreements about the safety "
        "of a child. It applies to every agency in the partnership.")
    d.p("Disagreement is a normal part of multi-agency work. It should be resolved quickly and "
        "with the child's safety at the centre.")
    d.h1("Principles")
    for _ in range(r.randint(3, 5)):
        d.p(ctx.para(["Practitioners should raise concerns about {obj} with the agency involved.",
                      "Any practitioner may use this policy, whatever their role.",
                      "Disagreements should be recorded on the child's file.",
                      "Managers should support staff who raise concerns {tail}."], 1, 2))
    d.h1("Recommendations from reviews")
    d.p("Local and national reviews have recommended that practitioners escalate concerns when "
        "they believe a decision leaves a child at risk. This policy responds to those "
        "recommendations.")
    d.p("The partnership will check how the policy is used through its audit programme.")
    d.h1("Stages of escalation")
    for stage in ["Stage 1: Practitioner to practitioner", "Stage 2: Manager to manager",
                  "Stage 3: Senior manager", "Stage 4: Partnership"]:
        d.h2(stage)
        for _ in range(r.randint(2, 3)):
            d.p(ctx.para(["The concern should be discussed within {n} working days.".replace("{n}", str(r.randint(2, 5))),
                          "If it is not resolved, the practitioner should tell their manager.",
                          "The outcome should be recorded {tail}.",
                          "Managers should consider {obj} when they decide."], 1, 2), sub=True)
    while nwords(d.blocks) < want - 200:
        d.h2(r.choice(["Roles and responsibilities", "Recording", "Monitoring", "Training"]))
        for _ in range(r.randint(2, 4)):
            d.p(ctx.para(["Each agency should make sure that staff know about {obj}.",
                          "The partnership will review the policy {tail}."], 1, 2), sub=True)
    d.h1("Review of this policy")
    d.p("This policy will be reviewed every two years, or sooner if national guidance changes.")
    exp = {"document_type": "unknown", "partnership": partnership, "reviews": []}
    return {"seed": seed, "blocks": d.blocks, "footnotes": d.footnotes,
            "header": "%s \u2013 %s" % (area, title), "partnership": partnership,
            "title": title, "expected": exp}


def make(seed, template, pages=None, st=None):
    if template == "annual-report":
        return make_annual(seed, pages, st)
    if template == "policy":
        return make_policy(seed, pages, st)
    return make_report(seed, template, pages, st)


# ------------------------------------------------------------ HTML writer
B_RE = re.compile(r"\[\[b:(.*?)\]\]")


def furniture(doc, st):
    """Running header and footer text: (header, footer-prefix) or None."""
    if not st["running"]:
        return None
    r = random.Random(doc["seed"] * 31 + 5)
    if r.random() < 0.5:
        return doc["header"], ""                        # header; "page N of M" below
    return None, doc["header"] + " \u2013 "             # "Child T - Overview Report - page N of M"


def html_report(doc, st, flavour):
    """flavour: html (control), chromium, wk, lo (LibreOffice: real header,
    footer and footnotes in its own HTML dialect), docx."""
    from gen import css, x
    notes = []

    def inline(s):
        s = x(s)
        s = B_RE.sub(lambda m: "<b>%s</b>" % m.group(1), s)

        def mark(m):
            notes.append(doc["footnotes"][int(m.group(1))])
            n = len(notes)
            if flavour == "lo":
                return ('<a class="sdfootnoteanc" name="sdfootnote%danc" href="#sdfootnote%dsym">'
                        '<sup>%d</sup></a>' % (n, n, n))
            return "<sup>%d</sup>" % n
        return FN_RE.sub(mark, s)

    fur = furniture(doc, st) if flavour != "html" else None
    extra = [".cover p { text-indent: 0; } .cover .small { font-size: 1.1em; margin-bottom: 40pt; }",
             ".cover .big { font-size: 2em; font-weight: bold; margin: 12pt 0; }",
             ".cover .mid { font-size: 1.5em; margin: 12pt 0 40pt 0; }",
             "p.np { padding-left: 3.4em; text-indent: -3.4em; }",
             "span.pn { display: inline-block; width: 3.4em; text-indent: 0; }",
             "h1.part { font-size: 1.9em; text-align: center; margin: 24pt 0; }",
             "h2 { font-weight: bold; font-size: 1.3em; } h3 { font-size: 1.1em; }",
             "p.toc, p.toc2 { text-indent: 0; margin: 0 0 3pt 0; text-align: left; }",
             "p.toc2 { padding-left: 2em; }", "table.toc td { border: none; padding: 1pt 4pt; }",
             "div.notes p { font-size: 0.85em; text-indent: 0; }",
             "div[title=header], div[title=footer] { display: none; }",
             ".brk { page-break-before: always; }"]
    if flavour == "chromium" and fur:
        head, foot = fur
        q = lambda s: '"%s"' % s.replace("\u2013", "\\2013 ")
        boxes = []
        if head:
            boxes.append("@top-right { content: %s; font-size: 8pt; }" % q(head))
        boxes.append('@bottom-center { content: %s "page " counter(page) " of " counter(pages); '
                     'font-size: 8pt; }' % q(foot))
        extra.append("@page { %s }" % " ".join(boxes))
    body = []
    if flavour == "lo" and fur:
        head, foot = fur
        if head:
            body.append('<div title="header"><p style="text-align:right">%s</p></div>' % x(head))
        body.append('<div title="footer"><p style="text-align:center">%spage '
                    '<sdfield type=PAGE subtype=RANDOM format=PAGE>1</sdfield> of '
                    '<sdfield type=DOCSTAT subtype=PAGE format=PAGE>1</sdfield></p></div>' % x(foot))
    brk = False
    for b in doc["blocks"]:
        k = b[0]
        cls = ' class="brk"' if brk else ""
        cls2 = " brk" if brk else ""
        brk = False
        if k == "cover":
            body.append('<div class="cover">' + "".join(
                '<p class="%s">%s</p>' % (c, x(t)) for c, t in b[1]) + "</div>")
            brk = True
        elif k == "break":
            brk = True
        elif k == "toc":
            _, title, style, entries = b
            body.append('<h2 class="%s">%s</h2>' % (cls2.strip(), x(title)))
            if style == "table":
                body.append('<table class="toc">' + "".join(
                    "<tr><td>%s</td><td>%s</td><td>%s</td></tr>" % (
                        x(n or ""), x(t), p) for n, t, p, lv in entries) + "</table>")
            else:
                for n, t, p, lv in entries:
                    lab = ("%s %s" % (n, t)) if n else t
                    if style == "dots":
                        body.append('<p class="toc">%s %s %d</p>' % (
                            x(lab), "." * max(4, 78 - len(lab)), p))
                    else:
                        body.append('<p class="%s">%s</p>' % ("toc2" if lv == 2 else "toc", x(lab)))
        elif k == "part":
            body.append('<h1 class="part%s">%s</h1>' % (" brk" if True else "", x(b[1])))
        elif k == "h1":
            body.append("<h2%s>%s</h2>" % (cls, x(b[1])))
        elif k == "h2":
            body.append("<h3%s>%s</h3>" % (cls, x(b[1])))
        elif k == "label":
            body.append('<p class="label">%s</p>' % inline(b[1]))
        elif k == "np":
            if b[1]:
                body.append('<p class="np"><span class="pn">%s</span> %s</p>' % (b[1], inline(b[2])))
            else:
                body.append("<p>%s</p>" % inline(b[2]))
        elif k == "ul":
            body.append("<ul>" + "".join("<li>%s</li>" % inline(t) for t in b[1]) + "</ul>")
        elif k == "ol":
            for lab, t in b[1]:
                body.append('<p class="np"><span class="pn">%s</span> %s</p>' % (x(lab), inline(t)))
        elif k == "table":
            _, heads, rows, widths = b
            body.append('<table border="1" cellpadding="4"><colgroup>' + "".join(
                '<col style="width:%d%%">' % w for w in widths) + "</colgroup>")
            body.append("<thead><tr>" + "".join("<th>%s</th>" % x(h) for h in heads) + "</tr></thead><tbody>")
            for row in rows:
                body.append("<tr>" + "".join("<td><p>%s</p></td>" % x(c) for c in row) + "</tr>")
            body.append("</tbody></table>")
    if notes:
        if flavour == "lo":
            for n, t in enumerate(notes, 1):
                body.append('<div id="sdfootnote%d"><p class="sdfootnote"><a class="sdfootnotesym" '
                            'name="sdfootnote%dsym" href="#sdfootnote%danc">%d</a>%s</p></div>' % (
                                n, n, n, n, x(t)))
        else:
            body.append('<div class="notes"><hr>' + "".join(
                "<p><sup>%d</sup> %s</p>" % (n, x(t)) for n, t in enumerate(notes, 1)) + "</div>")
    head = ['<!DOCTYPE html>', '<html lang="en-GB"><head><meta charset="utf-8">',
            "<title>%s</title>" % x(doc["title"]),
            "<style>%s\n%s</style></head><body>" % (css(st, False), "\n".join(extra))]
    return "\n".join(head + body + ["</body></html>", ""])


def wk_args(doc, st):
    fur = furniture(doc, st)
    if not fur:
        return []
    head, foot = fur
    a = ["--footer-center", "%spage [page] of [topage]" % foot, "--footer-font-size", "8"]
    if head:
        a += ["--header-right", head, "--header-font-size", "8"]
    return a


# ------------------------------------------------------------ groff writer
def groff_report(doc, st, total=None):
    from gen import g
    font = "T" if st["serif"] else "H"
    ps = int(st["size"]) if st["size"] == int(st["size"]) else st["size"]
    out = [".\\\" round-trip report, seed %d" % doc["seed"],
           ".nr PS %s" % ps, ".nr VS %s" % (ps + 2), ".fam %s" % font,
           ".nr PD %sp" % st["spacing"], ".nr PI %s" % ("1.5m" if st["indent"] else "0"),
           ".nr HM 1i", ".nr FM 1i", ".nr FPS \\n(PS-2"]
    if not st["justify"]:
        out.append(".na")
    fur = furniture(doc, st)
    out += [".ds LH", ".ds CH", ".ds RH", ".ds LF", ".ds CF", ".ds RF"]
    if fur:
        head, foot = (None if s is None else s.replace("\u2013", "\\(en") for s in fur)
        of = " of %d" % total if total else ""
        if head:
            out.append(".ds RH %s" % head)
        out.append(".ds CF %spage %%%s" % (foot, of))
    para = ".PP" if st["indent"] else ".LP"

    def text(s):
        """Lines for one paragraph's text: footnote marks become \\** with
        the note right after the line that carries it."""
        o = []
        while True:
            m = FN_RE.search(s)
            if not m:
                break
            o += [gb(s[:m.start()].strip()) + "\\**", ".FS", gb(doc["footnotes"][int(m.group(1))]), ".FE"]
            s = s[m.end():].strip()
        if s:
            o.append(gb(s))
        return o

    def gb(s):
        """Escaped text with its bold marks as font escapes: escaping comes
        first, or it would escape the escapes and groff print them."""
        return B_RE.sub(lambda m: "\\fB%s\\fP" % m.group(1), g(s))

    for b in doc["blocks"]:
        k = b[0]
        if k == "cover":
            size = {"small": "+2", "big": "+8", "mid": "+4", "p": "0"}
            out += [".LP", ".sp 1i"]
            for c, t in b[1]:
                out += [".LP", "\\s%s%s%s" % (size[c], "\\fB" if c == "big" else "",
                                              g(t)) + ("\\fP" if c == "big" else "") + "\\s0",
                        ".sp %s" % ("0.4i" if c != "p" else "0.1i")]
            out.append(".bp")
        elif k == "break":
            out.append(".bp")
        elif k == "toc":
            _, title, style, entries = b
            out += [".SH", g(title)]
            if style == "table":
                out += [".TS", "tab(@);", "l l r."]
                out += ["%s@T{\n%s\nT}@%s" % (n or "", g(t), p) for n, t, p, lv in entries]
                out.append(".TE")
            else:
                out += [".LP", ".lc .", ".ta \\n(.luR"]
                for n, t, p, lv in entries:
                    lab = ("%s %s" % (n, t)) if n else t
                    if style == "dots":
                        out += [".br", "%s\x01%d" % (g(lab), p)]
                    else:
                        out += [".br", ("\\h'2m'" if lv == 2 else "") + g(lab)]
                out.append(".lc")
        elif k == "part":
            out += [".bp", ".SH", "\\s+4%s\\s0" % g(b[1])]
        elif k in ("h1", "h2"):
            out += [".SH", ("\\s+2%s\\s0" if k == "h1" else "%s") % g(b[1])]
        elif k == "label":
            out += [".LP", "\\fB%s\\fP" % g(b[1])]
        elif k == "np":
            if b[1]:
                out += [".IP \"%s\" 6n" % b[1]] + text(b[2])
            else:
                out += [para] + text(b[2])
        elif k == "ul":
            for t in b[1]:
                out += [".IP \\(bu 3n"] + text(t)
        elif k == "ol":
            for lab, t in b[1]:
                out += [".IP \"%s\" 6n" % lab] + text(t)
        elif k == "table":
            _, heads, rows, widths = b
            fmt = " ".join("lbw(%.2fi)" % (w * 0.058) for w in widths)
            fmt2 = " ".join("lxw(%.2fi)" % (w * 0.058) for w in widths)
            out += [".LP", ".TS H", "allbox tab(@);", fmt, fmt2 + "."]
            out.append("@".join("T{\n%s\nT}" % g(h) if h else "" for h in heads))
            out.append(".TH")
            for row in rows:
                out.append("@".join("T{\n%s\nT}" % g(c) for c in row))
            out.append(".TE")
    return "\n".join(out) + "\n"
