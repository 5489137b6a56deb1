package dev.imagesmith.plan;

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
    String repository = ImageReference.repositoryOf(image);
    java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>();
    all.add(ImageReference.tagOf(image) == null ? image + ":latest" : image);
    for (String tag : tags) {
      all.add(repository + ":" + tag);
    }
    return List.copyOf(all);
  }

  /** The tags alone (the image's own tag first). */
  public List<String> allTags() {
    return references().stream().map(ImageReference::tagOf).toList();
  }
}
