#!/usr/bin/env bash
# Prints the path of a promtool (Prometheus' own checker of the metrics text format) for the
# metrics tests: the one on PATH, or the one inside Debian's prometheus package, fetched with
# 'apt-get download' and unpacked under the cache dir without installing it (installing would
# start a Prometheus server). Exits 1, printing nothing, when neither can be had.
set -euo pipefail
if command -v promtool >/dev/null; then
  command -v promtool
  exit 0
fi
cache=${SASLFAIL_TEST_CACHE:-/var/tmp/saslfail-test-cache}/prometheus
tool=$cache/usr/bin/promtool
if [[ ! -x $tool ]]; then
  mkdir -p "$cache"
  work=$(mktemp -d "$cache/.download.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && apt-get download -qq prometheus >/dev/null 2>&1) || exit 1
  dpkg-deb -x "$work"/prometheus_*.deb "$work/x" || exit 1
  mkdir -p "$cache/usr/bin"
  mv "$work/x/usr/bin/promtool" "$tool.tmp" && mv "$tool.tmp" "$tool"
fi
echo "$tool"
