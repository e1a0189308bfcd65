#!/bin/sh
# Answers with a redirect to the token and a path, as a form handler does.
printf 'Status: 303 See Other\r\nLocation: %s/3rdparty/tests/environment.cgi\r\n\r\n' \
    "$cp_security_token"
