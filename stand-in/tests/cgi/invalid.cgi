#!/bin/sh
# Prints a body without a header, which is not a CGI response.
printf '<p>no header</p>\n'
