#!/bin/sh
# Een nagespeelde pakketbeheerder (npm install, pip install, apt-get install, ...).
# Dit script "installeert" elke regel uit deps.txt in vendor/, langzaam, zoals een echte download
# ook traag zou zijn. Het gaat om het wachten: let op wanneer een nieuwe build het weer moet draaien.
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
