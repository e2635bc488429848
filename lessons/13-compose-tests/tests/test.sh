# The test suite: ask the app for its page and compare. Exit code 0 means every test passed.
page=$(wget -qO- http://app:8080/) || { echo "FAIL: the app does not answer"; exit 1; }
case "$page" in
  *"Hello, world"*) echo "PASS: the page greets the world" ;;
  *) echo "FAIL: expected 'Hello, world', got: $page"; exit 1 ;;
esac
