#!/bin/sh
# Prints the CGI variables that the stand-in sets, and the request body.
printf 'Content-Type: text/plain; charset=utf-8\r\nX-Plugin: environment\r\n\r\n'
for name in cp_security_token REQUEST_METHOD REQUEST_URI SCRIPT_NAME QUERY_STRING \
    REMOTE_USER REMOTE_ADDR SERVER_NAME SERVER_PORT HTTP_HOST HTTP_COOKIE \
    HTTP_PROXY HTTP_X_TEST CONTENT_LENGTH CONTENT_TYPE GATEWAY_INTERFACE; do
    eval "value=\${$name-unset}"
    printf '%s=%s\n' "$name" "$value"
done
printf 'directory=%s\n' "$(pwd)"
printf 'body=%s\n' "$(cat)"
