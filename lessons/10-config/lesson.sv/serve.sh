# En pytteliten twelve-factor-webbapp: allt den behöver veta kommer från miljön.
mkdir -p /www
echo "$MESSAGE" > /www/index.html
echo "listening on $PORT, saying: $MESSAGE"
exec httpd -f -v -p "$PORT" -h /www
