package dev.imagesmith.plan;

import java.util.LinkedHashSet;
import java.util.List;

/** The image's name ({@code example.org/team/hello:1.0}) and extra tags ({@code latest}). */
public record TargetSpec(String image, List<String> tags) {
  public TargetSpec {
    tags = List.copyOf(tags);
  }

  /**
   * Every full reference the image gets: the image itself, then the same repository with each tag.
   */
  public List<String> references() {
    String repository = parsed().repository();
    LinkedHashSet<String> all = new LinkedHashSet<>();
    for (String tag : allTags()) {
      all.add(repository + ":" + tag);
    }
    return List.copyOf(all);
  }

  /** The tags alone (the image's own tag, {@code latest} if it names none, first). */
  public List<String> allTags() {
    LinkedHashSet<String> all = new LinkedHashSet<>();
    String own = parsed().tag();
    all.add(own == null ? "latest" : own);
    all.addAll(tags);
    return List.copyOf(all);
  }

  private ImageReference parsed() {
    return ImageReference.parse(image)
        .orElseThrow(() -> new IllegalStateException("not an image reference: " + image));
  }
}
