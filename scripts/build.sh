#!/usr/bin/env bash
# Builds saslfail's runnable jar (saslfail-cli/target/saslfail.jar) without running the tests.
# On a fresh Debian 12 as root it first installs Java 17 and Maven.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if ! command -v mvn >/dev/null || ! command -v javac >/dev/null || ! command -v asciidoctor >/dev/null; then
  if [[ $(id -u) -eq 0 ]]; then
    echo "saslfail: installing openjdk-17-jdk-headless, maven and asciidoctor" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openjdk-17-jdk-headless maven asciidoctor >/dev/null
  else
    echo "saslfail: needs Java 17, Maven and asciidoctor: sudo apt-get install openjdk-17-jdk-headless maven asciidoctor" >&2
    exit 1
  fi
fi
echo "saslfail: building (first run only, about a minute)..." >&2
cd "$here"
mvn -B -q -DskipTests package -pl saslfail-cli -am
