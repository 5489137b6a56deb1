/* Built inside the builder stage by the stage's own cc: __FILE__ is the stage's path. */
#include <stdio.h>
#include <string.h>
#include <zlib.h>

int main(void) {
  const char *text = "six times seven, six times seven, six times seven";
  unsigned char packed[128];
  uLongf size = sizeof packed;
  if (compress(packed, &size, (const Bytef *)text, strlen(text)) != Z_OK) {
    return 1;
  }
  printf("calc: 6 * 7 = %d (built from %s by gcc %s; zlib %s packs %zu bytes into %lu)\n", 6 * 7,
         __FILE__, __VERSION__, zlibVersion(), strlen(text), (unsigned long)size);
  return 0;
}
