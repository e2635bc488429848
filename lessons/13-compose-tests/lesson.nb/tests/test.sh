# Testsuiten: be appen om siden og sammenlign. Avslutningskode 0 betyr at alle testene besto.
page=$(wget -qO- http://app:8080/) || { echo "FAIL: the app does not answer"; exit 1; }
case "$page" in
  *"Hello, world"*) echo "PASS: the page greets the world" ;;
  *) echo "FAIL: expected 'Hello, world', got: $page"; exit 1 ;;
esac
