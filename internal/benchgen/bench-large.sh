#!/usr/bin/env bash
# Measures acc-audit against `xmllint --noout` on generated package exports
# of 50, 200 and 500 MB (and 500 MB of the realistic -mix), one after the
# other, and prints a Markdown table: wall time, CPU seconds and peak RSS of
# both, and the wall-time ratio. Invoked by `make bench-large`.
#
#   internal/benchgen/bench-large.sh [--no-xmllint] BIN [CASE...]
#
# A CASE is SIZE or SIZE:mix (default: 50 200 500 500:mix). --no-xmllint
# measures acc-audit alone (memory checks: its columns only). The exports are
# written to a temporary folder under $TMPDIR (1 GB free is enough: each is
# deleted after its measurement). acc-audit runs with every rule and the
# JSON report, as a CI job would.
set -euo pipefail

xmllint=1
if [ "${1:-}" = --no-xmllint ]; then
	xmllint=0
	shift
fi
bin=${1:?usage: bench-large.sh [--no-xmllint] BIN [SIZE[:mix]...]}
shift
cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=(50 200 500 500:mix)

[ $xmllint = 0 ] || command -v xmllint >/dev/null || { echo "xmllint not found: install it with apt-get install -y libxml2-utils" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time not found: install it with apt-get install -y time" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/acc-audit-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
go build -o "$work/benchgen" ./internal/benchgen/cmd/benchgen

# measure FILE CMD...: runs CMD under /usr/bin/time -v and prints
# "wall cpu rssMiB" (seconds, seconds, MiB).
measure() {
	local out=$1
	shift
	/usr/bin/time -v -o "$out" "$@" >/dev/null 2>"$out.stderr" || true
	awk -F': ' '
		/Elapsed \(wall clock\)/ { n = split($2, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i] }
		/User time/   { c += $2 }
		/System time/ { c += $2 }
		/Maximum resident/ { r = $2 / 1024 }
		END { printf "%.2f %.2f %.0f\n", w, c, r }' "$out"
}

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(go version | cut -d' ' -f3)$([ $xmllint = 0 ] || echo ", $(xmllint --version 2>&1 | head -1)")"
# Other work on the machine stretches the wall times, not the CPU seconds.
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| export | size | acc-audit wall | acc-audit CPU | acc-audit peak RSS | findings | xmllint wall | xmllint CPU | xmllint peak RSS | wall ratio |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for c in "${cases[@]}"; do
	size=${c%%:*}
	mode=default
	flags=()
	if [ "$c" != "$size" ]; then
		mode=${c#*:}
		flags=(-"$mode")
	fi
	f="$work/export-$size-$mode.xml"
	"$work/benchgen" "${flags[@]}" -size "$size" -o "$f" 2>/dev/null
	bytes=$(stat -c %s "$f")
	read -r aw ac ar < <(measure "$work/acc.time" "$bin" scan --fail-on none -f json -o /dev/null "$f")
	findings=$(grep -oE '[0-9]+ findings?' "$work/acc.time.stderr" | head -1 | cut -d' ' -f1 || true)
	if grep -q 'exited with non-zero status' "$work/acc.time"; then
		echo "acc-audit failed on $f:" >&2
		cat "$work/acc.time.stderr" >&2
	fi
	xw=- xc=- xr=- ratio=-
	if [ $xmllint = 1 ]; then
		read -r xw xc xr < <(measure "$work/xml.time" xmllint --noout "$f")
		ratio=$(awk -v a="$aw" -v x="$xw" 'BEGIN { if (x > 0) printf "%.1fx", a / x; else print "-" }')
		xw="$xw s" xc="$xc s" xr="$xr MiB"
	fi
	printf "| %s | %d MB | %s s | %s s | %s MiB | %s | %s | %s | %s | %s |\n" \
		"$mode" $((bytes / 1000000)) "$aw" "$ac" "$ar" "${findings:-?}" "$xw" "$xc" "$xr" "$ratio"
	rm -f "$f"
done
