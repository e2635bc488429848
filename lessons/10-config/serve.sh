# A tiny twelve-factor web app: everything it needs to know comes from its environment.
mkdir -p /www
echo "$MESSAGE" > /www/index.html
echo "listening on $PORT, saying: $MESSAGE"
exec httpd -f -v -p "$PORT" -h /www
