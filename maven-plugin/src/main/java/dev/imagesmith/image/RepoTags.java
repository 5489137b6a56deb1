package dev.imagesmith.image;

import dev.imagesmith.error.UserInputException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Docker {@code name:tag} references as {@code docker load} accepts them in {@code manifest.json}
 * {@code RepoTags}.
 */
final class RepoTags {
  private static final String DOMAIN_PART = "[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?";
  private static final String DOMAIN = DOMAIN_PART + "(?:\\." + DOMAIN_PART + ")*(?::[0-9]+)?";
  private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
  private static final Pattern NAME =
      Pattern.compile("(?:" + DOMAIN + "/)?" + COMPONENT + "(?:/" + COMPONENT + ")*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

  private RepoTags() {}

  /** The references, each with a tag ({@code :latest} added like the docker CLI does). */
  static List<String> normalized(List<String> references) {
    List<String> result = new ArrayList<>();
    for (String reference : new LinkedHashSet<>(references)) {
      String name = name(reference);
      String tag = tag(reference);
      if (reference.contains("@") || !NAME.matcher(name).matches() || !TAG.matcher(tag).matches()) {
        throw new UserInputException(
            "'"
                + reference
                + "' is not a Docker image name with tag: write name:tag, e.g."
                + " registry.example.com/team/app:1.0 (lowercase name, no digest)");
      }
      result.add(name + ":" + tag);
    }
    return result;
  }

  static String name(String reference) {
    int colon = reference.lastIndexOf(':');
    return colon > reference.lastIndexOf('/') ? reference.substring(0, colon) : reference;
  }

  static String tag(String reference) {
    int colon = reference.lastIndexOf(':');
    return colon > reference.lastIndexOf('/') ? reference.substring(colon + 1) : "latest";
  }

  /**
   * Whether two references name the same image the way Docker sees it: {@code app}, {@code
   * app:latest} and {@code docker.io/library/app:latest} are one name.
   */
  static boolean sameImage(String a, String b) {
    return canonical(a).equals(canonical(b));
  }

  private static String canonical(String reference) {
    String full = fullyQualified(name(reference) + ":" + tag(reference));
    String prefix = "docker.io/";
    if (full.startsWith(prefix) && full.indexOf('/', prefix.length()) < 0) {
      full = prefix + "library/" + full.substring(prefix.length());
    }
    return full;
  }

  /** The fully qualified form containerd stores, e.g. {@code docker.io/library/app:1.0}. */
  static String fullyQualified(String reference) {
    int slash = reference.indexOf('/');
    String first = slash < 0 ? "" : reference.substring(0, slash);
    boolean hasDomain =
        slash >= 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"));
    if (hasDomain) {
      return reference;
    }
    return "docker.io/" + (slash < 0 ? "library/" : "") + reference;
  }
}
