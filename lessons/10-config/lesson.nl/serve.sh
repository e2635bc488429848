# Een piepkleine twelve-factor-webapp: alles wat hij moet weten, komt uit zijn omgeving.
mkdir -p /www
echo "$MESSAGE" > /www/index.html
echo "listening on $PORT, saying: $MESSAGE"
exec httpd -f -v -p "$PORT" -h /www
