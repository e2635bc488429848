# En bitteliten twelve-factor-webapp: alt den trenger å vite, kommer fra miljøet.
mkdir -p /www
echo "$MESSAGE" > /www/index.html
echo "listening on $PORT, saying: $MESSAGE"
exec httpd -f -v -p "$PORT" -h /www
