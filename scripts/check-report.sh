#!/usr/bin/env bash
# Checks a run's HTML report as a person would see it: renders savedmodels/<run>/report/index.html
# in headless Chromium (installed from Debian's packages when missing), fails when an image does
# not load or the page logs an error, and saves a full-page screenshot.
# Usage: scripts/check-report.sh RUN [SCREENSHOT.png]   (RUN: a run id or a run folder;
#        default screenshot: <run>/report/screenshot.png)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
run="${1:?usage: scripts/check-report.sh RUN [SCREENSHOT.png]}"
if [[ -d "$run" ]]; then dir="$(cd "$run" && pwd)"; else dir="$root/savedmodels/$run"; fi
report="$dir/report"
page="$report/index.html"
[[ -f "$page" ]] || { echo "check-report: $page: no such file (run ./tfj report --run $run)" >&2; exit 1; }
shot="${2:-$report/screenshot.png}"

browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [[ -z "$browser" ]]; then
  echo "check-report: installing chromium (Debian package) ..." >&2
  sudo=""; [[ "$(id -u)" == 0 ]] || sudo="sudo"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >&2
  browser="$(command -v chromium)"
fi
# --no-sandbox: Chromium refuses to run as root otherwise (CI containers).
chrome=("$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --allow-file-access-from-files
  --run-all-compositor-stages-before-draw --virtual-time-budget=10000)

# A probe copy beside the page (so its relative image links resolve) that records, into the DOM,
# every failed resource, script error and console.error, and how tall the page is.
probe="$report/.check-report-probe.html"
hook="$(mktemp)"
trap 'rm -f "$probe" "$hook"' EXIT
cat > "$hook" <<'HOOK'
<script>
window.tfjErrors = [];
window.addEventListener("error", e => tfjErrors.push(e.target && e.target.src ? "failed to load " + e.target.src : "error: " + e.message), true);
const tfjConsoleError = console.error;
console.error = (...args) => { tfjErrors.push("console.error: " + args.join(" ")); tfjConsoleError(...args); };
window.addEventListener("load", () => {
  const images = [...document.images];
  images.filter(i => !i.complete || i.naturalWidth === 0).forEach(i => tfjErrors.push("broken image " + i.getAttribute("src")));
  const out = document.createElement("pre");
  out.id = "tfj-check";
  out.textContent = "images=" + images.length + " height=" + document.documentElement.scrollHeight + "\n" + tfjErrors.join("\n");
  document.body.appendChild(out);
});
</script>
HOOK
# The hook goes first in <head>, before anything it watches.
awk -v hook="$hook" '{ print } /<head>/ && !done { while ((getline line < hook) > 0) print line; done = 1 }' "$page" > "$probe"

dom="$("${chrome[@]}" --dump-dom "file://$probe" 2>/dev/null)"
result="$(sed -n '/<pre id="tfj-check">/,/<\/pre>/p' <<<"$dom" | sed -e 's/<pre id="tfj-check">//' -e 's#</pre>.*##')"
[[ -n "$result" ]] || { echo "check-report: $page: Chromium did not finish loading the page" >&2; exit 1; }
summary="$(head -n 1 <<<"$result")"
errors="$(tail -n +2 <<<"$result" | sed '/^$/d')"
images="$(sed -E 's/.*images=([0-9]+).*/\1/' <<<"$summary")"
height="$(sed -E 's/.*height=([0-9]+).*/\1/' <<<"$summary")"

mkdir -p "$(dirname "$shot")"
"${chrome[@]}" --window-size="1400,$height" --screenshot="$shot" "file://$page" >/dev/null 2>&1
# PNG width and height: big-endian 32-bit integers at bytes 16..23 of the file (IHDR).
read -r w0 w1 w2 w3 h0 h1 h2 h3 < <(od -An -tu1 -j16 -N8 "$shot")
size="$(( (w0 << 24) + (w1 << 16) + (w2 << 8) + w3 ))x$(( (h0 << 24) + (h1 << 16) + (h2 << 8) + h3 ))"

echo "check-report: $page: $images images, screenshot $shot ($size px)"
if [[ -n "$errors" ]]; then
  echo "$errors" | sed 's/^/check-report: /' >&2
  echo "check-report: FAILED: $(wc -l <<<"$errors") problem(s)" >&2
  exit 1
fi
echo "check-report: OK: every image loaded, no errors"
