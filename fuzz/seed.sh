#!/usr/bin/env bash
# fuzz/seed.sh — build the seed corpora fuzz/corpus/<target>/ (git-ignored).
#
#   pdf_read      every PDF under fixtures/ and tests/data/bad/, and the wild
#                 corpus's PDFs up to SEED_MAX_BYTES (default 262144), except
#                 pdfjs-bomb-giant.pdf (a decompression bomb: it only tests
#                 the limits, and slows every run)
#   html_read     every .html/.htm under fixtures/
#   office_read   every .docx/.odt under fixtures/
#   text_segment  fixtures' .txt files, and pdftotext's text of the PDFs
#                 above (realistic reading-order text for the segmenter)
#
# Usage: fuzz/seed.sh [WILD_CORPUS_DIR]   (default /work/shared/corpus/wild,
#        or ../shared/corpus/wild next to the repository). Rerunning
#        replaces the seeds; files the fuzzer added are kept.
# Needs: bash, find, sha1sum, pdftotext (poppler-utils, for text seeds).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$HERE")"
MAX="${SEED_MAX_BYTES:-262144}"
WILD="${1:-}"
if [[ -z "$WILD" ]]; then
  for d in /work/shared/corpus/wild "$REPO/../shared/corpus/wild"; do
    [[ -d "$d" ]] && { WILD="$d"; break; }
  done
fi

C="$HERE/corpus"
mkdir -p "$C/pdf_read" "$C/html_read" "$C/text_segment" "$C/office_read"

# seed TARGET FILE NAME: copy FILE as corpus/TARGET/seed-NAME
seed() { cp -f "$2" "$C/$1/seed-$3"; }
flat() { local r="${1#"$REPO"/}"; echo "${r//\//-}"; }

n_pdf=0 n_html=0 n_text=0 n_office=0
pdfs=()
while IFS= read -r -d '' f; do pdfs+=("$f"); done < <(
  find "$REPO/fixtures" "$REPO/tests/data" -type f -iname '*.pdf' -print0 2>/dev/null | sort -z)
if [[ -n "$WILD" && -d "$WILD" ]]; then
  while IFS= read -r -d '' f; do
    [[ "$(basename "$f")" == pdfjs-bomb-giant.pdf ]] && continue
    pdfs+=("$f")
  done < <(find "$WILD" -maxdepth 1 -type f -iname '*.pdf' -size -"$((MAX + 1))"c -print0 | sort -z)
else
  echo "seed.sh: no wild corpus found; PDF seeds from fixtures only" >&2
fi

for f in "${pdfs[@]}"; do
  name="$(flat "$f")"; [[ "$f" == "$REPO"/* ]] || name="wild-$(basename "$f")"
  seed pdf_read "$f" "$name"; n_pdf=$((n_pdf + 1))
  if command -v pdftotext >/dev/null; then
    t="$C/text_segment/seed-${name%.pdf}.txt"
    if timeout 20 pdftotext -enc UTF-8 "$f" "$t" 2>/dev/null && [[ -s "$t" ]] \
       && [[ $(stat -c %s "$t") -le $MAX ]]; then
      n_text=$((n_text + 1))
    else
      rm -f "$t"
    fi
  fi
done

while IFS= read -r -d '' f; do
  seed html_read "$f" "$(flat "$f")"; n_html=$((n_html + 1))
done < <(find "$REPO/fixtures" -type f \( -iname '*.html' -o -iname '*.htm' \) -print0 | sort -z)

while IFS= read -r -d '' f; do
  seed office_read "$f" "$(flat "$f")"; n_office=$((n_office + 1))
done < <(find "$REPO/fixtures" -type f \( -iname '*.docx' -o -iname '*.odt' \) -print0 | sort -z)

while IFS= read -r -d '' f; do
  seed text_segment "$f" "$(flat "$f")"; n_text=$((n_text + 1))
done < <(find "$REPO/fixtures" -type f -iname '*.txt' -print0 | sort -z)

echo "seeds: pdf_read $n_pdf, html_read $n_html, office_read $n_office, text_segment $n_text (in $C)"
