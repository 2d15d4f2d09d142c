#!/bin/sh
# Renders the example binder (the project root at HEAD) and takes headless Chromium
# screenshots of its cover and of one control page for docs/binder.md.
# Usage, from the project root with soc2flow installed: sh docs/img/make_screenshots.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome) || {
    echo "make_screenshots.sh: needs chromium (apt-get install -y chromium)" >&2
    exit 2
}
soc2flow binder --repo "$root" --format html --out "$work/binder.html" --no-cache >/dev/null
# One control page: the binder's head (its CSS) and AC-01's article, cut out of the
# same file (a fragment URL does not scroll a headless screenshot).
python3 - "$work/binder.html" "$work/control.html" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
head = text.split("<body>")[0]
start = text.index('<article id="control-AC-01">')
end = text.index("</article>", start) + len("</article>")
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write(head + "<body>" + text[start:end] + "</body></html>")
PY
shot() {
    "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
        --force-device-scale-factor=1 --window-size="$2" \
        --screenshot="$here/$1" "file://$work/$3" 2>/dev/null
}
shot binder-cover.png 1100,1500 binder.html
shot binder-control.png 1100,1000 control.html
echo "wrote $here/binder-cover.png and $here/binder-control.png"
