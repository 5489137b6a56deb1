package dev.imagesmith.libcheck;

import java.util.regex.Pattern;

/** A file-name glob: {@code *} any run of characters, {@code ?} one; everything else literal. */
final class NameGlob {
  private NameGlob() {}

  static Pattern compile(String glob) {
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }
}
