#!/bin/sh
# Står i stedet for en pakkebehandler (npm install, pip install, apt-get install, ...).
# Det «installerer» hver linje i deps.txt i vendor/, sakte, slik en ekte nedlasting
# ville vært treg. Poenget er ventingen: legg merke til når et nytt bygg må kjøre det igjen.
set -e
mkdir -p vendor
while read -r name version; do
  case "$name" in
    "" | "#"*) continue ;;
  esac
  echo "installing $name $version ..."
  sleep 1
  echo "$name $version" > "vendor/$name.txt"
done < deps.txt
echo "all dependencies installed"
