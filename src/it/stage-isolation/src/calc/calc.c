/* Built inside the builder stage by the stage's own gcc: __FILE__ is the stage's path. */
#include <stdio.h>

int main(void) {
  printf("calc: 6 * 7 = %d (built from %s by gcc %s)\n", 6 * 7, __FILE__, __VERSION__);
  return 0;
}
