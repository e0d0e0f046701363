#!/bin/bash
# Tiny HTTP probe for the container HEALTHCHECK (no curl in the image):
#   shoal-healthcheck [HOST] [PORT] [PATH]
# Exits 0 when GET PATH answers 200, 1 otherwise (503 while draining).
host=${1:-127.0.0.1}
port=${2:-8080}
path=${3:-/healthz}
exec 3<>"/dev/tcp/$host/$port" || exit 1
printf 'GET %s HTTP/1.0\r\nHost: %s\r\nConnection: close\r\n\r\n' "$path" "$host" >&3
IFS= read -r -t 3 status <&3 || exit 1
exec 3<&-
case "$status" in
  "HTTP/1."?" 200 "*) exit 0 ;;
  *) exit 1 ;;
esac
