package dev.imagesmith.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Properties;
import org.apache.maven.model.Scm;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;

/**
 * POM URLs become labels that everyone who pulls the image reads (security-cases.md O9; the
 * catalogue's class S): their user-info and tokens are masked, the same way on every build.
 */
class PomLabelsSecretsTest {
  @Test
  void S9_scmAndProjectUrlsWithCredentials_maskedInTheLabels() {
    MavenProject project = new MavenProject();
    project.setArtifactId("app");
    project.setVersion("1");
    Scm scm = new Scm();
    scm.setUrl("https://ci-bot:ghp_0123456789abcdef@git.example.org/team/app.git");
    project.getModel().setScm(scm);
    project.setUrl("https://docs.example.org/app?token=abc123&lang=en");

    var labels = PomLabels.of(project, new Properties());

    assertEquals(
        "https://***@git.example.org/team/app.git", labels.get("org.opencontainers.image.source"));
    assertEquals(
        "https://docs.example.org/app?token=***&lang=en",
        labels.get("org.opencontainers.image.url"));
  }
}
