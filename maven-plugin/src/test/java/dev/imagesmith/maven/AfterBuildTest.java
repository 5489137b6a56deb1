package dev.imagesmith.maven;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.maven.model.Build;
import org.apache.maven.model.Model;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;

/**
 * image-debian.lock is tidied only by a project's only image:build execution: another execution's
 * debian steps share the file.
 */
class AfterBuildTest {
  private static MavenProject project(String... buildExecutions) {
    Plugin plugin = new Plugin();
    plugin.setGroupId("dev.imagesmith");
    plugin.setArtifactId("image-maven-plugin");
    for (String id : buildExecutions) {
      PluginExecution execution = new PluginExecution();
      execution.setId(id);
      execution.setGoals(List.of("build"));
      plugin.addExecution(execution);
    }
    PluginExecution push = new PluginExecution();
    push.setId("push");
    push.setGoals(List.of("push"));
    plugin.addExecution(push);
    Model model = new Model();
    model.setBuild(new Build());
    model.getBuild().addPlugin(plugin);
    return new MavenProject(model);
  }

  private static MojoExecution execution(String id) {
    return new MojoExecution(new MojoDescriptor(), id);
  }

  @Test
  void theOnlyBuildExecution_tidies() {
    assertFalse(AfterBuild.otherBuildExecutions(project("default"), execution("default")));
  }

  @Test
  void aSecondBuildExecution_keepsEverySection() {
    assertTrue(AfterBuild.otherBuildExecutions(project("default", "debug"), execution("default")));
  }

  @Test
  void aCommandLineBuildBesideABoundOne_keepsEverySection() {
    assertTrue(AfterBuild.otherBuildExecutions(project("default"), execution("default-cli")));
  }
}
