#!/bin/sh
# Regenerates the test PDFs from table.html with real generators.
# Needs chromium, libreoffice and ghostscript; run from this folder.
set -e
python3 - <<'PY'
rows = []
for i in range(1, 46):
    action = f"Action {i}: disseminate the learning to agency {i} and audit practice."
    if i == 3:
        rows.append(f'<tr><td rowspan="3">Police and health partners</td><td>{action}</td><td>May 2020</td></tr>')
    elif i in (4, 5):
        rows.append(f'<tr><td>{action}</td><td>June 2020</td></tr>')
    else:
        rows.append(f'<tr><td>Agency {i}</td><td>{action}</td><td>July 2020</td></tr>')
html = f"""<!doctype html><html><head><meta charset="utf-8"><title>Response to George</title>
<style>body{{font-family:sans-serif;font-size:11pt}} table{{border-collapse:collapse;width:100%}}
td,th{{border:1px solid black;padding:4px;vertical-align:top}} th{{font-weight:bold}}</style></head><body>
<h1>Serious Case Review in relation to George</h1>
<p>The table below sets out the main points of learning from the SCR and how the partnership will further ensure practice improves.</p>
<ul><li>Children's Services</li><li>General Practitioner</li></ul>
<table border="1" cellspacing="0"><thead><tr><th>Agency</th><th>Action</th><th>Date</th></tr></thead><tbody>
{''.join(rows)}
</tbody></table>
<p>The work to implement the recommendations will become part of the long term work of the partnership.</p>
</body></html>"""
open("table.html", "w").write(html)
PY
chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf=table-chromium.pdf table.html 2>/dev/null
libreoffice --headless --convert-to pdf:writer_pdf_Export --outdir lo table.html >/dev/null 2>&1
mv lo/table.pdf table-libreoffice.pdf && rmdir lo

# A landscape table turned a quarter on a portrait page, and a margin label
# running up the page: Ghostscript's pdfwrite from hand-written PostScript.
ps2pdf -dAutoRotatePages=/None rotated.ps rotated.pdf

# Two columns of numbered paragraphs flowing from one column into the next:
# groff -ms (.2C), then Ghostscript. two-column.ms is committed; it was
# written by a loop of 24 "Point N opens here. … Point N closes here." paragraphs.
groff -ms -Tps -dpaper=a4 -P-pa4 two-column.ms > two-column.ps
ps2pdf two-column.ps two-column.pdf && rm two-column.ps
