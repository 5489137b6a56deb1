package dev.imagesmith.debian;

import java.util.Comparator;

/**
 * Debian version ordering ({@code [epoch:]upstream[-revision]}) as deb-version(7) and dpkg define
 * it: epochs numerically, then upstream and revision by alternating non-digit parts (letters before
 * non-letters, {@code ~} before everything, even the end) and digit parts (numerically).
 */
public final class DebianVersion {
  /** Orders version strings the way dpkg does. */
  public static final Comparator<String> ORDER = DebianVersion::compare;

  private DebianVersion() {}

  /** Negative, zero or positive as {@code a} is older than, equal to or newer than {@code b}. */
  public static int compare(String a, String b) {
    long epochA = epoch(a);
    long epochB = epoch(b);
    if (epochA != epochB) {
      return Long.compare(epochA, epochB);
    }
    String restA = withoutEpoch(a);
    String restB = withoutEpoch(b);
    int upstream = compareParts(upstream(restA), upstream(restB));
    return upstream != 0 ? upstream : compareParts(revision(restA), revision(restB));
  }

  /** Whether {@code version op bound} holds, for the relation operators of a Depends field. */
  public static boolean satisfies(String version, String op, String bound) {
    if (op == null) {
      return true;
    }
    int c = compare(version, bound);
    return switch (op) {
      case "<<" -> c < 0;
      case "<=", "<" -> c <= 0; // "<" and ">" are obsolete spellings of <= and >=
      case "=" -> c == 0;
      case ">=", ">" -> c >= 0;
      case ">>" -> c > 0;
      default -> throw new IllegalArgumentException("unknown relation operator " + op);
    };
  }

  private static long epoch(String version) {
    int colon = version.indexOf(':');
    if (colon < 0) {
      return 0;
    }
    try {
      return Long.parseLong(version.substring(0, colon));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String withoutEpoch(String version) {
    int colon = version.indexOf(':');
    return colon < 0 ? version : version.substring(colon + 1);
  }

  private static String upstream(String version) {
    int dash = version.lastIndexOf('-');
    return dash < 0 ? version : version.substring(0, dash);
  }

  private static String revision(String version) {
    int dash = version.lastIndexOf('-');
    return dash < 0 ? "" : version.substring(dash + 1);
  }

  private static int compareParts(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() || j < b.length()) {
      // Non-digit prefix, character by character.
      while ((i < a.length() && !isDigit(a.charAt(i)))
          || (j < b.length() && !isDigit(b.charAt(j)))) {
        int ca = i < a.length() && !isDigit(a.charAt(i)) ? order(a.charAt(i)) : 0;
        int cb = j < b.length() && !isDigit(b.charAt(j)) ? order(b.charAt(j)) : 0;
        if (ca != cb) {
          return Integer.compare(ca, cb);
        }
        if (i < a.length() && !isDigit(a.charAt(i))) {
          i++;
        }
        if (j < b.length() && !isDigit(b.charAt(j))) {
          j++;
        }
      }
      // Digit run, numerically (leading zeros ignored; no overflow on long runs).
      while (i < a.length() && a.charAt(i) == '0') {
        i++;
      }
      while (j < b.length() && b.charAt(j) == '0') {
        j++;
      }
      int startA = i;
      int startB = j;
      while (i < a.length() && isDigit(a.charAt(i))) {
        i++;
      }
      while (j < b.length() && isDigit(b.charAt(j))) {
        j++;
      }
      String digitsA = a.substring(startA, i);
      String digitsB = b.substring(startB, j);
      if (digitsA.length() != digitsB.length()) {
        return Integer.compare(digitsA.length(), digitsB.length());
      }
      int c = digitsA.compareTo(digitsB);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** dpkg's order of one non-digit character: ~ lowest, then the end, letters, others. */
  private static int order(char c) {
    if (c == '~') {
      return -1;
    }
    if (Character.isLetter(c)) {
      return c;
    }
    return c + 256;
  }
}
