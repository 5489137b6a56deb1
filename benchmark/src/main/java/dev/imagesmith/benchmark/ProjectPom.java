package dev.imagesmith.benchmark;

import dev.imagesmith.io.PluginVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The POM of a project a scenario generates: packaging {@code pom}, a fixed output timestamp, and
 * the plugin just built bound to {@code package} with the scenario's own configuration.
 */
final class ProjectPom {
  private ProjectPom() {}

  /** Writes {@code project/pom.xml}; {@code configuration} is the plugin's, without its tags. */
  static void write(Path project, String groupId, String artifactId, String configuration)
      throws IOException {
    Files.writeString(
        project.resolve("pom.xml"),
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>%s</groupId>
          <artifactId>%s</artifactId>
          <version>1.0</version>
          <packaging>pom</packaging>
          <properties>
            <project.build.outputTimestamp>2026-01-01T00:00:00Z</project.build.outputTimestamp>
          </properties>
          <build>
            <plugins>
              <plugin>
                <groupId>dev.imagesmith</groupId>
                <artifactId>image-maven-plugin</artifactId>
                <version>%s</version>
                <executions><execution><goals><goal>build</goal></goals></execution></executions>
                <configuration>
        %s        </configuration>
              </plugin>
            </plugins>
          </build>
        </project>
        """
            .formatted(
                groupId, artifactId, PluginVersion.get(), configuration.stripIndent().indent(10)));
  }
}
