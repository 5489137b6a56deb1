int a(int x) { return x + 97; }
