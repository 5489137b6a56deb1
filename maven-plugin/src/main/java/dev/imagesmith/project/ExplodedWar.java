package dev.imagesmith.project;

import dev.imagesmith.fs.ImagePaths;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code project} stage of a WAR: the exploded web application (what maven-war-plugin assembles
 * in {@code target/<finalName>}) placed under an application root that the base image's servlet
 * container deploys, split into the same four parts as a jar project's, so that a code change
 * rebuilds only the classes layer:
 *
 * <ul>
 *   <li>{@code WEB-INF/lib/*}: release dependencies, or snapshot dependencies when the file name
 *       has a snapshot version ({@code -SNAPSHOT}, or a timestamped {@code -20260101.120000-3});
 *   <li>{@code .class} files under {@code WEB-INF/classes}: classes;
 *   <li>everything else (pages, static files, {@code web.xml}, resources of {@code
 *       WEB-INF/classes}): resources.
 * </ul>
 *
 * <p>Empty directories and sockets or fifos are left out; symlinks are copied as links.
 */
final class ExplodedWar {
  private static final String LIB = "WEB-INF/lib/";
  private static final String CLASSES = "WEB-INF/classes/";
  private static final Pattern SNAPSHOT =
      Pattern.compile(".*-(?:SNAPSHOT|[0-9]{8}\\.[0-9]{6}-[0-9]+)(?:-[^/]*)?\\.[^./]+");

  private ExplodedWar() {}

  /** Where each file of {@code war} goes below {@code appRoot}, walked in name order. */
  static List<Placement> placements(Path war, String appRoot) throws IOException {
    List<Placement> placements = new ArrayList<>();
    ProjectFiles.walk(
        war,
        (file, relative, regular) -> placements.add(placement(file, relative, regular, appRoot)));
    placements.sort((a, b) -> a.imagePath().compareTo(b.imagePath()));
    return placements;
  }

  private static Placement placement(Path file, String relative, boolean regular, String appRoot) {
    String imagePath = ImagePaths.child(appRoot, relative);
    if (relative.startsWith(LIB) && relative.indexOf('/', LIB.length()) < 0) {
      String lib = ImagePaths.child(appRoot, LIB.substring(0, LIB.length() - 1));
      return new Placement(
          SNAPSHOT.matcher(relative.substring(LIB.length())).matches()
              ? ProjectPart.SNAPSHOT_DEPENDENCIES.label()
              : ProjectPart.RELEASE_DEPENDENCIES.label(),
          file,
          imagePath,
          lib);
    }
    if (regular && relative.startsWith(CLASSES) && relative.endsWith(".class")) {
      String classes = ImagePaths.child(appRoot, CLASSES.substring(0, CLASSES.length() - 1));
      return new Placement(ProjectPart.CLASSES.label(), file, imagePath, classes);
    }
    return new Placement(ProjectPart.RESOURCES.label(), file, imagePath, appRoot);
  }
}
