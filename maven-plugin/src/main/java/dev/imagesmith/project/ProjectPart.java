package dev.imagesmith.project;

/**
 * The parts of the {@code project} stage, in layer order: from what changes least (release
 * dependencies) to what changes on every code edit (classes), so that an edit rebuilds and pushes
 * only the last, small layer.
 */
public enum ProjectPart {
  RELEASE_DEPENDENCIES("release-dependencies"),
  SNAPSHOT_DEPENDENCIES("snapshot-dependencies"),
  RESOURCES("resources"),
  CLASSES("classes");

  private final String label;

  ProjectPart(String label) {
    this.label = label;
  }

  /** The part's name in logs, reports and work directories: {@code release-dependencies}. */
  public String label() {
    return label;
  }
}
