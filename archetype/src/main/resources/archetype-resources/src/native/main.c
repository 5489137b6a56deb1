#include <stdio.h>

/* The program your builder stage compiles. Replace it with your own sources, or point the copy step
   at them. */
int main(void) {
  puts("Hello from a container image built by mvn package!");
  return 0;
}
