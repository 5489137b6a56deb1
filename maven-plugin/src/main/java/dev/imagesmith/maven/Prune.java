package dev.imagesmith.maven;

import dev.imagesmith.plan.PruneSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code <prune>}: what to remove from a stage after its steps ran. Each rule family is on unless
 * set to {@code false}; {@code <excludes>} adds glob patterns such as {@code **}{@code /*.pyc}.
 */
public final class Prune {
  /** Remove static libraries ({@code *.a}, {@code *.la}). */
  private Boolean staticLibraries;

  /** Remove package manager caches (apt, pip, npm, ...). */
  private Boolean packageCaches;

  /** Remove documentation (man pages, info, /usr/share/doc). */
  private Boolean docs;

  /** Extra glob patterns of image paths to remove. */
  private List<String> excludes;

  /** The validated spec; {@code prune} may be {@code null} when the element is absent. */
  static PruneSpec toSpec(Prune prune, String where, Problems problems) {
    if (prune == null) {
      return PruneSpec.defaults();
    }
    List<String> patterns = new ArrayList<>();
    List<String> given = prune.excludes == null ? List.of() : prune.excludes;
    String excludesWhere = XmlPath.child(where, "excludes");
    for (int i = 0; i < given.size(); i++) {
      String pattern =
          problems.required(
              given.get(i),
              XmlPath.item(excludesWhere, "exclude", i),
              "write a glob of image paths to remove, for example <exclude>**/*.pyc</exclude>,"
                  + " or delete the empty element");
      if (pattern != null) {
        patterns.add(pattern);
      }
    }
    return new PruneSpec(
        on(prune.staticLibraries), on(prune.packageCaches), on(prune.docs), patterns);
  }

  private static boolean on(Boolean flag) {
    return flag == null || flag;
  }
}
