#include <stdio.h>

int a(int);
int b(int);
int c(int);

int main(void) {
  printf("sum %d\n", a(1) + b(2) + c(3));
  return 0;
}
