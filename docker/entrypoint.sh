#!/bin/sh
# Docker and Compose secrets arrive as files under /run/secrets, while the server reads its settings
# from the environment: each file becomes the variable named like it in capitals
# (database_url -> DATABASE_URL, mfa_encryption_key -> MFA_ENCRYPTION_KEY) unless that is set.
set -eu
if [ -d /run/secrets ]; then
  for file in /run/secrets/*; do
    [ -f "$file" ] || continue
    name=$(basename "$file" | tr 'a-z-' 'A-Z_')
    case "$name" in '' | [0-9]* | *[!A-Z0-9_]*) continue ;; esac
    if [ -z "$(printenv "$name" || true)" ]; then
      value=$(cat "$file")
      export "$name=$value"
    fi
  done
fi
exec "$@"
