#!/bin/sh
# A stand-in for a package manager (npm install, pip install, apt-get install, ...).
# It "installs" every entry of deps.txt into vendor/, slowly, the way a real download
# would be slow. The point is the waiting: watch when a rebuild has to run it again.
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
