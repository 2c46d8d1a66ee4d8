#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/fuzz/seeds.sh OUT: build the fuzzers' seed directories OUT/<target>/
# from the shared corpus ($NX_CORPUS), the repo's rule files and text
# fixtures.  Seeds are derived data and never committed (OUT is under build/).
# Pages over 128 KiB are cut to their first 128 KiB (the fuzzers' -max_len),
# so a seed still starts like a real page.
set -eu
out=${1:?usage: seeds.sh OUTDIR}
corpus=${NX_CORPUS:-../shared/corpus}
root=$(cd "$(dirname "$0")/../.." && pwd)
[ -f "$corpus/README.md" ] || { echo "seeds.sh: corpus not found at $corpus (set NX_CORPUS)" >&2; exit 1; }
rm -rf "$out"
mkdir -p "$out/decode" "$out/extract" "$out/css" "$out/textdump" "$out/rules" "$out/apply" "$out/markdown" "$out/ftr"

i=0
for f in "$corpus"/reuters/*.html "$corpus"/readability-test-pages/*/source.html; do
    i=$((i + 1))
    # selector byte: charset tables / favor, varied across seeds
    b=$(printf '\\%03o' $((i % 256)))
    { printf "$b"; head -c 131072 "$f"; } > "$out/extract/page$i"
    { printf "$b"; head -c 16384 "$f"; } > "$out/decode/page$i"
    head -c 65536 "$f" > "$out/markdown/page$i"
done
# Markdown: each XSS vector as a page of its own
n=0
while IFS= read -r v; do
    n=$((n + 1))
    printf '<p>%s</p>' "$v" > "$out/markdown/vector$n"
done < "$root/tests/fixtures/xss/vectors.txt"
# a few encodings the corpus lacks
printf '\000\377\376<\000p\000>\000h\000i\000' > "$out/decode/utf16le-bom"
printf '\000\376\377\000<\000p\000>\000h\000i' > "$out/decode/utf16be-bom"
printf '\000<p>caf\351 na\357ve \223quoted\224</p>' > "$out/decode/cp1252"
printf '\000<p>\202\261\202\361\202\311\202\277\202\315</p>' > "$out/decode/sjis"
printf '\000<meta charset="euc-jp"><p>\244\263\244\363</p>' > "$out/decode/eucjp-meta"
printf '\000\033$B$3$s\033(B' > "$out/decode/iso2022jp"
printf '\000\300\257\340\200\257\355\240\200\364\220\200\200' > "$out/decode/bad-utf8"

# selectors: every string in the rule files, plus the CSS forms editors use
for f in "$root"/rules/*/*.lua; do
    grep -oE '"[^"]{1,200}"' "$f" | sed 's/^"//; s/"$//'
done > "$out/css.list" 2>/dev/null || true
cat >> "$out/css.list" <<'SEL'
div.article-body > p:not(.ad):first-child
ul li:nth-child(2n+1), ol > li:nth-of-type(odd)
a[href^="http"][rel~=nofollow]
[class*="StandardArticleBody_body"] p
h1 + p ~ figure figcaption
#article-text p:last-of-type
*|*:not([hidden])
p:has(> img)
section:nth-last-child(-n+3)
[data-testid='paragraph-0' i]
SEL
n=0
while IFS= read -r s; do
    n=$((n + 1))
    printf '%s' "$s" > "$out/css/sel$n"
done < "$out/css.list"
rm -f "$out/css.list"

cp "$root"/tests/fixtures/text/*.txt "$out/textdump/" 2>/dev/null || true
cp "$corpus"/seed/*.txt "$out/textdump/" 2>/dev/null || true
if command -v w3m >/dev/null 2>&1; then
    for f in "$corpus"/reuters/*.html; do
        w3m -dump -T text/html -cols 80 "$f" 2>/dev/null | head -c 65536 \
            > "$out/textdump/w3m-$(basename "$f" .html).txt" || true
    done
fi

for f in "$root"/rules/*/*.lua; do
    cp "$f" "$out/rules/$(basename "$(dirname "$f")")-$(basename "$f")"
done
printf 'return { site = "example.com", template = "x", title = "h1" }' > "$out/rules/min.lua"

# rule application: a selector line, a pattern line, then a page
i=0
for f in "$corpus"/reuters/*.html; do
    i=$((i + 1))
    { printf 'h1
^(.-)$
'; head -c 65536 "$f"; } > "$out/apply/css$i"
    { printf '//p[1]
%%S+@%%S+
'; head -c 65536 "$f"; } > "$out/apply/xpath$i"
done
printf 'p
(.-)x
<h1>%s</h1><p>text</p>' "$(head -c 4000 /dev/zero | tr '\0' a)" > "$out/apply/backtrack"
# Full-Text RSS site configs: every 8th file of the snapshot, and global.txt
ftr=${NX_FTR:-$corpus/../ftr-site-config}
if [ -d "$ftr" ]; then
    j=0
    for f in "$ftr"/*.txt "$ftr"/.*.txt; do
        j=$((j + 1))
        [ $((j % 8)) -eq 0 ] || [ "$(basename "$f")" = global.txt ] || continue
        cp "$f" "$out/ftr/$(basename "$f" | sed 's/^\./dot/')"
    done
fi
echo "seeds in $out: $(ls "$out"/* | wc -l) files"
