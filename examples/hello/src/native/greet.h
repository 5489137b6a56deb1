#ifndef GREET_H
#define GREET_H
/* Returns the greeting that hello prints. Lives in libgreet.so.1 so that the image carries a real
   shared library with its soname symlinks. */
const char *greet_message(void);
const char *greet_version(void);
#endif
