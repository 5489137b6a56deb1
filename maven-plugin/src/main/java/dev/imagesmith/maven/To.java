package dev.imagesmith.maven;

import dev.imagesmith.plan.ImageReference;
import dev.imagesmith.plan.TargetSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * {@code <to>}: the image's name and extra tags, for example {@code
 * <image>example.org/team/hello:1.0</image><tags><tag>latest</tag></tags>}.
 */
public final class To {
  private static final String WHERE = XmlPath.root("to");
  private static final String EXAMPLE = "<to><image>example.org/team/hello:1.0</image></to>";

  /** The full reference; {@code ${project.artifactId}:${project.version}} when absent. */
  private String image;

  /** Extra tags for the same repository. */
  private List<String> tags;

  /** Where messages say {@code image} came from: the XML element, or a property overriding it. */
  private String imageWhere = XmlPath.child(WHERE, "image");

  /** Where messages say the tags came from. */
  private String tagsWhere = XmlPath.child(WHERE, "tags");

  /** Where messages say the image's name came from ({@code to} may be {@code null}). */
  static String imageWhere(To to) {
    return to == null ? XmlPath.child(WHERE, "image") : to.imageWhere;
  }

  /**
   * {@code to} with the command line's overrides applied: {@code image.to} replaces {@code
   * <image>}, {@code image.tags} (comma separated) replaces {@code <tags>}.
   *
   * @param image the value of {@code image.to}, {@code null} when unset
   * @param tags the value of {@code image.tags}, {@code null} when unset
   */
  static To withOverrides(To to, String image, String tags) {
    boolean hasImage = image != null && !image.isBlank();
    if (!hasImage && tags == null) {
      return to;
    }
    To result = new To();
    result.image = to == null ? null : to.image;
    result.tags = to == null ? null : to.tags;
    if (hasImage) {
      result.image = image;
      result.imageWhere = "The property image.to";
    }
    if (tags != null) {
      List<String> split = new ArrayList<>();
      for (String tag : tags.split(",", -1)) {
        if (!tag.isBlank()) {
          split.add(tag.trim());
        }
      }
      result.tags = split;
      result.tagsWhere = "The property image.tags";
    }
    return result;
  }

  /**
   * The validated spec, or {@code null} after recording each mistake.
   *
   * @param to may be {@code null} when the element is absent
   */
  static TargetSpec toSpec(To to, String artifactId, String version, Problems problems) {
    String image = to == null || to.image == null || to.image.isBlank() ? null : to.image.trim();
    String name = image != null ? image : defaultImage(artifactId, version, problems);
    if (image != null) {
      checkImage(image, to.imageWhere, problems);
    }
    List<String> tags = new ArrayList<>();
    List<String> given = to == null || to.tags == null ? List.of() : to.tags;
    String parent = to == null ? null : to.tagsWhere;
    for (int i = 0; i < given.size(); i++) {
      String tag = given.get(i) == null ? "" : given.get(i).trim();
      if (!ImageReference.isValidTag(tag)) {
        problems.add(
            (parent.startsWith("<") ? XmlPath.item(parent, "tag", i) : parent + ": tag")
                + " '"
                + tag
                + "' is not a valid tag: use up to 128 letters, digits, '_', '.' and '-', not"
                + " starting with '.' or '-', for example <tag>latest</tag>");
      } else {
        tags.add(tag);
      }
    }
    return name == null ? null : new TargetSpec(name, tags);
  }

  private static void checkImage(String image, String where, Problems problems) {
    if (image.contains("@")) {
      problems.add(
          where
              + " '"
              + image
              + "' has a digest: an image being built gets its digest from its content, so name"
              + " it with a tag, for example "
              + EXAMPLE);
    } else if (!ImageReference.isValid(image)) {
      problems.add(
          where
              + " '"
              + image
              + "' is not a valid image reference: write [host[:port]/]path[:tag] with a"
              + " lower-case path, for example "
              + EXAMPLE);
    }
  }

  /** {@code artifactId:version} lower-cased, or {@code null} after saying why it cannot be. */
  private static String defaultImage(String artifactId, String version, Problems problems) {
    String name = (artifactId + ":" + version).toLowerCase(Locale.ROOT);
    if (ImageReference.isValid(name)) {
      return name;
    }
    TreeSet<String> invalid = new TreeSet<>();
    for (char c : name.toCharArray()) {
      if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || ".-_:".indexOf(c) >= 0)) {
        invalid.add("'" + c + "'");
      }
    }
    problems.add(
        WHERE
            + " is not set and the default image name '"
            + name
            + "' (${project.artifactId}:${project.version}, lower-cased) is not a valid image"
            + " reference"
            + (invalid.isEmpty() ? "" : ": it contains " + String.join(", ", invalid))
            + ". Name the image yourself, for example "
            + EXAMPLE);
    return null;
  }
}
