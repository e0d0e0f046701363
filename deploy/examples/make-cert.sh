#!/bin/sh
# Generates the self-signed TLS certificate of the example cluster
# (deploy/examples/cluster.json, listener 8443) into deploy/examples/certs/.
# The certificate is never committed (certs/ is git-ignored). Idempotent:
# an existing certificate is kept unless --force is given.
#
#   deploy/examples/make-cert.sh [--force] [DIR]
set -eu
force=0
if [ "${1:-}" = "--force" ]; then force=1; shift; fi
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:-$here/certs}
mkdir -p "$dir"
if [ "$force" = 0 ] && [ -s "$dir/cert.pem" ] && [ -s "$dir/key.pem" ]; then
  echo "make-cert: $dir/cert.pem exists (use --force to replace it)"
  exit 0
fi
umask 077
openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 365 \
  -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1" \
  -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
# Workers read the key; when the cluster runs with "user", give that user's
# group read access (chgrp GROUP key.pem) rather than making it world-readable.
chmod 0644 "$dir/cert.pem"
chmod 0600 "$dir/key.pem"
echo "make-cert: wrote $dir/cert.pem and $dir/key.pem (CN=localhost, 365 days)"
