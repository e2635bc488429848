#!/bin/sh
# Står i för en pakethanterare (npm install, pip install, apt-get install, ...).
# Det "installerar" varje rad i deps.txt i vendor/, långsamt, så som en riktig nedladdning
# skulle vara långsam. Poängen är väntan: lägg märke till när ett nytt bygge måste köra det igen.
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
