# Runs first in the step's new user namespace, before it has an id map. The plugin reads the line
# below, writes the map (see UnshareIsolation), then answers "go"; only then does the next program
# start, and it starts as root of the namespace with the map in place.
echo imagesmith-ready
read -r answer || exit 125
[ "$answer" = go ] || exit 125
exec "$@" </dev/null
