#include <stdio.h>
#include <string.h>
#include "greet.h"

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "--version") == 0) {
    puts(greet_version());
    return 0;
  }
  puts(greet_message());
  return 0;
}
