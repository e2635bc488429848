# Testsviten: be appen om sidan och jämför. Slutkod 0 betyder att alla tester gick igenom.
page=$(wget -qO- http://app:8080/) || { echo "FAIL: the app does not answer"; exit 1; }
case "$page" in
  *"Hello, world"*) echo "PASS: the page greets the world" ;;
  *) echo "FAIL: expected 'Hello, world', got: $page"; exit 1 ;;
esac
