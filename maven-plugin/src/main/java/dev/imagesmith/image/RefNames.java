package dev.imagesmith.image;

import dev.imagesmith.error.UserInputException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/** Validation of tag names for an OCI layout (image-layout.md ref.name grammar). */
final class RefNames {
  private static final String COMPONENT = "[A-Za-z0-9]+(?:(?:[-._:@+]|--)[A-Za-z0-9]+)*";
  private static final Pattern REF = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");

  private RefNames() {}

  /** The tags, validated, duplicates removed, order kept. */
  static List<String> validated(List<String> tags) {
    List<String> result = new ArrayList<>(new LinkedHashSet<>(tags));
    for (String tag : result) {
      if (tag == null || !REF.matcher(tag).matches()) {
        throw new UserInputException(
            "'"
                + tag
                + "' is not a valid OCI layout tag: use letters, digits and . _ - : @ + between"
                + " them, e.g. 1.0 or latest");
      }
    }
    return result;
  }
}
