package dev.imagesmith.maven;

import dev.imagesmith.io.Redaction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.maven.model.License;
import org.apache.maven.project.MavenProject;

/**
 * The OCI annotation labels ({@code org.opencontainers.image.*}) a POM already knows. No command is
 * run to learn more: the revision comes only from a property another plugin or the command line
 * set.
 */
final class PomLabels {
  static final String PREFIX = "org.opencontainers.image.";

  /**
   * The properties consulted for the SCM revision, first one set wins: {@code git.commit.id.full}
   * and {@code git.commit.id} (git-commit-id-maven-plugin), {@code buildNumber}
   * (buildnumber-maven-plugin, the revision by default) and {@code scmRevision} (a CI's {@code
   * -DscmRevision=$GIT_COMMIT}).
   */
  static final List<String> REVISION_PROPERTIES =
      List.of("git.commit.id.full", "git.commit.id", "buildNumber", "scmRevision");

  private PomLabels() {}

  /**
   * {@code title} ({@code <name>}, else the artifactId), {@code version}, {@code revision}, {@code
   * source} ({@code <scm><url>}), {@code url}, {@code vendor} ({@code <organization><name>}) and
   * {@code licenses} ({@code <licenses>} names joined by " OR ": Maven reads several licenses as a
   * choice). Absent POM values give no label; the URLs' secrets are masked ({@link Redaction}).
   *
   * @param userProperties the session's {@code -D} properties, which win over the POM's
   */
  static Map<String, String> of(MavenProject project, Properties userProperties) {
    Map<String, String> labels = new LinkedHashMap<>();
    put(labels, "title", project.getName());
    put(labels, "version", project.getVersion());
    put(labels, "revision", revision(project.getProperties(), userProperties));
    // URLs go into the image for everyone to read: a user:password@ or a token in them is masked
    // (security-cases.md O9).
    put(
        labels,
        "source",
        project.getScm() == null ? null : Redaction.url(project.getScm().getUrl()));
    put(labels, "url", Redaction.url(project.getUrl()));
    put(
        labels,
        "vendor",
        project.getOrganization() == null ? null : project.getOrganization().getName());
    put(
        labels,
        "licenses",
        project.getLicenses().stream()
            .map(License::getName)
            .filter(name -> name != null && !name.isBlank())
            .map(String::trim)
            .collect(Collectors.joining(" OR ")));
    return labels;
  }

  static String revision(Properties projectProperties, Properties userProperties) {
    for (String property : REVISION_PROPERTIES) {
      for (Properties properties : List.of(userProperties, projectProperties)) {
        String value = properties.getProperty(property);
        // An unresolved "${git.commit.id}" is not a revision.
        if (value != null && !value.isBlank() && !value.contains("${")) {
          return value.trim();
        }
      }
    }
    return null;
  }

  private static void put(Map<String, String> labels, String key, String value) {
    if (value != null && !value.isBlank()) {
      labels.put(PREFIX + key, value.trim());
    }
  }
}
