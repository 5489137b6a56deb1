#include "greet.h"

const char *greet_message(void) { return "Hello from an Imagesmith builder stage!"; }
const char *greet_version(void) { return "hello 1.0 (libgreet 1.0.0)"; }
