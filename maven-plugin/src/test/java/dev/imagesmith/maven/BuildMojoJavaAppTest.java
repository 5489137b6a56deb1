package dev.imagesmith.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.plan.ChecksSpec;
import dev.imagesmith.plan.LayerSpec;
import dev.imagesmith.plan.ProjectArtifacts;
import dev.imagesmith.plan.TargetSpec;
import dev.imagesmith.testkit.BootJars;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoExtension;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.apache.maven.model.License;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.Scm;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A Java application: the built-in stage {@code project}, the default entrypoint, labels from the
 * POM, the command line's {@code image.to} and {@code image.tags}, and the attached outputs.
 */
@MojoTest
class BuildMojoJavaAppTest {
  private static final String JAVA_APP = "/projects/java-app";
  private static final String HEAD = HarnessTestBase.POM_HEAD + "<from>scratch</from>";
  private static final String PROJECT_LAYER =
      "<layers><layer><stage>project</stage></layer></layers>";
  private static final String TAIL = HarnessTestBase.POM_TAIL;

  /** The java-app project, its classes in {@code classes/} of the test project. */
  abstract static class JavaAppBase extends HarnessTestBase {
    @Override
    void customize(MavenProject project) {
      project
          .getBuild()
          .setOutputDirectory(new File(MojoExtension.getBasedir(), "classes").getPath());
      // Maven gives every project its main artifact; attached ones take their coordinates from it.
      project.setArtifact(
          new DefaultArtifact(
              project.getGroupId(),
              project.getArtifactId(),
              project.getVersion(),
              null,
              "jar",
              null,
              new DefaultArtifactHandler("jar")));
    }
  }

  @Nested
  class Defaults extends JavaAppBase {
    @Override
    void customize(MavenProject project) {
      super.customize(project);
      Scm scm = new Scm();
      scm.setUrl("https://git.example.org/team/hello");
      project.getModel().setScm(scm);
      License apache = new License();
      apache.setName("Apache-2.0");
      License mit = new License();
      mit.setName("MIT");
      project.getModel().setLicenses(List.of(apache, mit));
      project.getModel().setUrl("https://example.org/hello");
      project.getProperties().setProperty("git.commit.id", "0123abc");
      project.getProperties().setProperty("buildNumber", "ignored: git.commit.id comes first");
    }

    @Test
    @Basedir(JAVA_APP)
    @InjectMojo(goal = "build", pom = "pom.xml")
    void plan_mainClassWithoutEntrypoint_runsJavaOnTheAppClassPath(BuildMojo mojo) {
      BuildPlan plan = mojo.plan();

      assertEquals(
          List.of(
              "java",
              "-Xmx64m",
              "-Dapp.mode=container",
              "-cp",
              "/app/resources:/app/classes:/app/libs/*",
              "com.example.Main"),
          plan.container().entrypoint());
      assertEquals(List.of("--serve"), plan.container().cmd());
      assertEquals(
          List.of(new LayerSpec(ProjectArtifacts.STAGE, null, "<layers>/<layer>[1]")),
          plan.layers());
      assertEquals(
          new ProjectArtifacts(
              List.of(),
              Path.of(MojoExtension.getBasedir(), "classes"),
              null,
              new dev.imagesmith.plan.MavenCoordinates(
                  "org.example", "hello", "1.0-SNAPSHOT", null, "jar")),
          plan.project());
    }

    @Test
    @Basedir(JAVA_APP)
    @InjectMojo(goal = "build", pom = "pom.xml")
    void plan_pomWithScmAndLicenses_labelsUnderTheUsersLabels(BuildMojo mojo) {
      Map<String, String> expected = new TreeMap<>();
      expected.put("org.opencontainers.image.title", "Hello service"); // the user's wins
      expected.put("org.opencontainers.image.version", "1.0-SNAPSHOT");
      expected.put("org.opencontainers.image.revision", "0123abc");
      expected.put("org.opencontainers.image.source", "https://git.example.org/team/hello");
      expected.put("org.opencontainers.image.url", "https://example.org/hello");
      expected.put("org.opencontainers.image.licenses", "Apache-2.0 OR MIT");
      expected.put("org.opencontainers.image.created", TIMESTAMP);

      assertEquals(expected, mojo.plan().container().labels());
    }

    @Test
    @Basedir(JAVA_APP)
    @InjectMojo(goal = "build", pom = "pom.xml")
    void execute_javaApp_buildsAndAttachesDigestAndImageJson(BuildMojo mojo) throws Exception {
      MavenProject project =
          (MavenProject) MojoExtension.getVariableValueFromObject(mojo, "project");

      mojo.execute();

      Path output = Path.of(MojoExtension.getBasedir(), "target/image");
      List<Artifact> attached = project.getAttachedArtifacts();
      assertEquals(
          List.of("digest", "json", "cdx.json", "intoto.json"),
          attached.stream().map(Artifact::getType).toList());
      assertEquals("digest", attached.get(0).getType());
      assertEquals("image", attached.get(0).getClassifier());
      assertEquals(output.resolve("digest").toFile(), attached.get(0).getFile());
      assertEquals("json", attached.get(1).getType());
      assertEquals("image", attached.get(1).getClassifier());
      assertEquals(output.resolve("image.json").toFile(), attached.get(1).getFile());
      assertEquals(output.resolve("sbom.cdx.json").toFile(), attached.get(2).getFile());
      assertEquals("image", attached.get(2).getClassifier());
      assertEquals(output.resolve("provenance.json").toFile(), attached.get(3).getFile());
      assertTrue(Files.readString(output.resolve("digest")).startsWith("sha256:"));
    }
  }

  @Nested
  class CommandLine extends JavaAppBase {
    @BeforeEach
    void setProperties() {
      session.getUserProperties().setProperty("image.to", "registry.example.org/team/hello:2.0");
      session.getUserProperties().setProperty("image.tags", "latest, 2 ,,stable");
      session.getUserProperties().setProperty("scmRevision", "fedcba9");
      session.getUserProperties().setProperty("image.skip", "false");
    }

    @Test
    @Basedir(JAVA_APP)
    @InjectMojo(goal = "build", pom = "pom.xml")
    void plan_imageToAndTags_replaceThePomsTarget(BuildMojo mojo) {
      BuildPlan plan = mojo.plan();

      assertEquals(
          new TargetSpec("registry.example.org/team/hello:2.0", List.of("latest", "2", "stable")),
          plan.to());
      assertEquals("fedcba9", plan.container().labels().get("org.opencontainers.image.revision"));
    }
  }

  @Nested
  class BadCommandLine extends JavaAppBase {
    @BeforeEach
    void setProperties() {
      session.getUserProperties().setProperty("image.to", "Registry/Hello");
      session.getUserProperties().setProperty("image.tags", "ok,-bad");
    }

    @Test
    @Basedir(JAVA_APP)
    @InjectMojo(goal = "build", pom = "pom.xml")
    void plan_badImageToAndTags_nameTheProperties(BuildMojo mojo) {
      String message = mistake(mojo);

      assertTrue(
          message.contains("The property image.to 'Registry/Hello' is not a valid image reference"),
          message);
      assertTrue(
          message.contains("The property image.tags: tag '-bad' is not a valid tag"), message);
    }
  }

  @Nested
  class WithoutLayers extends HarnessTestBase {
    @Test
    @InjectMojo(
        goal = "build",
        pom = HEAD + "<container><mainClass>com.example.App</mainClass></container>" + TAIL)
    void plan_noLayersNoStages_takesTheProjectStageAlone(BuildMojo mojo) {
      BuildPlan plan = mojo.plan();

      assertEquals(
          List.of(
              new LayerSpec(
                  ProjectArtifacts.STAGE, null, "<layers> (not set, so the project stage alone)")),
          plan.layers());
      assertEquals(
          List.of("java", "-cp", ProjectArtifacts.CLASS_PATH, "com.example.App"),
          plan.container().entrypoint());
    }
  }

  /** A war project whose build directory holds the exploded WAR, as maven-war-plugin leaves it. */
  @Nested
  class War extends HarnessTestBase {
    private static final String WAR = "<projectMode>war</projectMode>";
    private Path target;
    private String[] coordinates;

    @Override
    void customize(MavenProject project) {
      try {
        target = Files.createTempDirectory("imagesmith-war-test");
        Files.createDirectories(target.resolve("hello-1.0/WEB-INF/classes"));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      project.setPackaging("war");
      coordinates =
          new String[] {project.getGroupId(), project.getArtifactId(), project.getVersion()};
      project.getBuild().setDirectory(target.toString());
      project.getBuild().setFinalName("hello-1.0");
    }

    @AfterEach
    void deleteTarget() throws java.io.IOException {
      dev.imagesmith.io.HostFiles.deleteTree(target);
    }

    @Test
    @InjectMojo(goal = "build", pom = HEAD + WAR + TAIL)
    void plan_warMode_explodedWarUnderJettysRootAndNoJavaEntrypoint(BuildMojo mojo) {
      BuildPlan plan = mojo.plan();

      assertEquals(
          ProjectArtifacts.war(
              target.resolve("hello-1.0"),
              "/var/lib/jetty/webapps/ROOT",
              new dev.imagesmith.plan.MavenCoordinates(
                  coordinates[0], coordinates[1], coordinates[2], null, "war")),
          plan.project());
      assertEquals(null, plan.container().entrypoint(), "the servlet container's is kept");
    }

    @Test
    @InjectMojo(
        goal = "build",
        pom =
            HEAD
                + WAR
                + "<container><appRoot>/usr/local/tomcat//webapps/ROOT/</appRoot></container>"
                + TAIL)
    void plan_warModeWithAppRoot_cleansIt(BuildMojo mojo) {
      assertEquals("/usr/local/tomcat/webapps/ROOT", mojo.plan().project().appRoot());
    }

    @Test
    @InjectMojo(
        goal = "build",
        pom = HEAD + WAR + "<container><mainClass>com.example.App</mainClass></container>" + TAIL)
    void plan_warModeWithMainClass_saysTheServletContainerRunsIt(BuildMojo mojo) {
      assertEquals(
          "<container>/<mainClass> make a java entrypoint, but <projectMode> is war: the base"
              + " image's servlet container runs the application. Remove it; JVM options go into"
              + " <environment><JAVA_TOOL_OPTIONS>-Xmx256m</JAVA_TOOL_OPTIONS></environment>,"
              + " which every JVM reads",
          mistake(mojo));
    }

    @Test
    @InjectMojo(
        goal = "build",
        pom = HEAD + WAR + "<container><appRoot>/</appRoot></container>" + TAIL)
    void plan_warModeWithRootAppRoot_isRefused(BuildMojo mojo) {
      assertEquals(
          "<container>/<appRoot> is the image's root: name the directory the servlet container"
              + " deploys, for example <appRoot>/usr/local/tomcat/webapps/ROOT</appRoot>",
          mistake(mojo));
    }
  }

  /** A project whose packaged jar spring-boot-maven-plugin's repackage made (or did not). */
  @Nested
  class SpringBoot extends HarnessTestBase {
    private static final String MODE = "<projectMode>spring-boot</projectMode>";
    private Path target;
    private Path jar;
    private String[] coordinates;

    @Override
    void customize(MavenProject project) {
      try {
        target = Files.createTempDirectory("imagesmith-boot-test");
        jar = BootJars.layered().write(target.resolve("hello-1.0.jar"));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      coordinates =
          new String[] {project.getGroupId(), project.getArtifactId(), project.getVersion()};
      DefaultArtifact artifact =
          new DefaultArtifact(
              project.getGroupId(),
              project.getArtifactId(),
              project.getVersion(),
              null,
              "jar",
              null,
              new DefaultArtifactHandler("jar"));
      artifact.setFile(jar.toFile());
      project.setArtifact(artifact);
    }

    @AfterEach
    void deleteTarget() throws java.io.IOException {
      dev.imagesmith.io.HostFiles.deleteTree(target);
    }

    @Test
    @InjectMojo(
        goal = "build",
        pom =
            HEAD
                + MODE
                + "<container><jvmFlags><jvmFlag>-Xmx128m</jvmFlag></jvmFlags></container>"
                + TAIL)
    void plan_springBootMode_runsTheManifestsLauncherOnApp(BuildMojo mojo) {
      BuildPlan plan = mojo.plan();

      assertEquals(
          ProjectArtifacts.springBoot(
              jar,
              new dev.imagesmith.plan.MavenCoordinates(
                  coordinates[0], coordinates[1], coordinates[2], null, "jar")),
          plan.project());
      assertEquals(
          List.of("java", "-Xmx128m", "-cp", "/app", BootJars.LAUNCHER),
          plan.container().entrypoint());
    }
  }

  /** spring-boot mode with a jar that repackage did not make. */
  @Nested
  class SpringBootPlainJar extends HarnessTestBase {
    private Path target;

    @Override
    void customize(MavenProject project) {
      try {
        target = Files.createTempDirectory("imagesmith-boot-test");
        Path jar =
            BootJars.layered()
                .attribute("Spring-Boot-Classes", null)
                .attribute("Spring-Boot-Lib", null)
                .write(target.resolve("hello-1.0.jar"));
        DefaultArtifact artifact =
            new DefaultArtifact(
                project.getGroupId(),
                project.getArtifactId(),
                project.getVersion(),
                null,
                "jar",
                null,
                new DefaultArtifactHandler("jar"));
        artifact.setFile(jar.toFile());
        project.setArtifact(artifact);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @AfterEach
    void deleteTarget() throws java.io.IOException {
      dev.imagesmith.io.HostFiles.deleteTree(target);
    }

    @Test
    @InjectMojo(goal = "build", pom = HEAD + "<projectMode>spring-boot</projectMode>" + TAIL)
    void plan_springBootModeWithPlainJar_saysHowToMakeABootJar(BuildMojo mojo) {
      String message = mistake(mojo);
      assertTrue(
          message.startsWith("<projectMode> (property image.projectMode) is spring-boot, but "),
          message);
      assertTrue(
          message.endsWith(
              "hello-1.0.jar is not a Spring Boot executable jar (its manifest has no"
                  + " Spring-Boot-Classes): add spring-boot-maven-plugin with its repackage goal"
                  + " before image:build in the package phase, or use"
                  + " <projectMode>jar</projectMode>"),
          message);
    }
  }

  /** maven-war-plugin configured with its own {@code <webappDirectory>}. */
  @Nested
  class WarElsewhere extends HarnessTestBase {
    private Path target;

    @Override
    void customize(MavenProject project) {
      try {
        target = Files.createTempDirectory("imagesmith-war-test");
        Files.createDirectories(target.resolve("webapp/WEB-INF"));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      project.getBuild().setDirectory(target.toString());
      Plugin war = new Plugin();
      war.setArtifactId("maven-war-plugin");
      Xpp3Dom configuration = new Xpp3Dom("configuration");
      Xpp3Dom directory = new Xpp3Dom("webappDirectory");
      directory.setValue(target.resolve("webapp").toString());
      configuration.addChild(directory);
      war.setConfiguration(configuration);
      project.getBuild().addPlugin(war);
    }

    @AfterEach
    void deleteTarget() throws java.io.IOException {
      dev.imagesmith.io.HostFiles.deleteTree(target);
    }

    @Test
    @InjectMojo(goal = "build", pom = HEAD + "<projectMode>war</projectMode>" + TAIL)
    void plan_warPluginsWebappDirectory_isTheExplodedWar(BuildMojo mojo) {
      assertEquals(target.resolve("webapp"), mojo.plan().project().explodedWar());
    }
  }

  @Nested
  class Mistakes extends HarnessTestBase {
    @Test
    @InjectMojo(
        goal = "build",
        pom =
            HEAD
                + PROJECT_LAYER
                + "<container><entrypoint><arg>/bin/app</arg></entrypoint>"
                + "<jvmFlags><jvmFlag>-Xmx1g</jvmFlag></jvmFlags></container>"
                + TAIL)
    void plan_jvmFlagsWithEntrypoint_saysWhereTheFlagsGo(BuildMojo mojo) {
      assertEquals(
          "<container>/<jvmFlags> apply only to the default Java entrypoint, but <entrypoint> is"
              + " set: put the flags into <entrypoint>, or remove <entrypoint> and set"
              + " <mainClass>",
          mistake(mojo));
    }

    @Test
    @InjectMojo(
        goal = "build",
        pom =
            HEAD
                + PROJECT_LAYER
                + "<container><mainClass>com.example.</mainClass></container>"
                + TAIL)
    void plan_badMainClass_namesTheElement(BuildMojo mojo) {
      assertEquals(
          "<container>/<mainClass> 'com.example.' is not a Java class name: write the fully"
              + " qualified name, for example <mainClass>com.example.Main</mainClass>",
          mistake(mojo));
    }

    @Test
    @InjectMojo(
        goal = "build",
        pom =
            HEAD
                + PROJECT_LAYER
                + "<container><mainClass>com.example.Main</mainClass></container>"
                + TAIL)
    void plan_checksByDefault_entrypointAndScriptsChecked(BuildMojo mojo) {
      assertEquals(ChecksSpec.DEFAULT, mojo.plan().checks());
    }

    @Test
    @InjectMojo(
        goal = "build",
        pom =
            HEAD
                + PROJECT_LAYER
                + "<checkEntrypoint>false</checkEntrypoint>"
                + "<ignoreMissingInterpreters><ignoreMissingInterpreter>perl"
                + "</ignoreMissingInterpreter></ignoreMissingInterpreters>"
                + TAIL)
    void plan_entrypointCheckOffAndInterpreterPatterns_reachThePlan(BuildMojo mojo) {
      ChecksSpec checks = mojo.plan().checks();
      assertEquals(false, checks.checkEntrypoint());
      assertEquals(List.of("perl"), checks.ignoreMissingInterpreters());
      assertEquals(true, checks.checkLibraries());
    }

    @Test
    @InjectMojo(
        goal = "build",
        pom =
            HEAD
                + PROJECT_LAYER
                + "<ignoreMissingInterpreters><ignoreMissingInterpreter>perl"
                + "</ignoreMissingInterpreter><ignoreMissingInterpreter> </ignoreMissingInterpreter>"
                + "</ignoreMissingInterpreters>"
                + TAIL)
    void plan_emptyInterpreterPattern_namesTheItem(BuildMojo mojo) {
      assertEquals(
          "<ignoreMissingInterpreters>/<ignoreMissingInterpreter>[2] is empty: write a name"
              + " pattern such as perl or a path glob such as /opt/app/plugins/**",
          mistake(mojo));
    }

    @Test
    @InjectMojo(
        goal = "build",
        pom = HEAD + "<stages><stage><name>project</name></stage></stages>" + PROJECT_LAYER + TAIL)
    void plan_stageNamedProject_isReserved(BuildMojo mojo) {
      assertEquals(
          "<stages>/<stage>[1] (project)/<name> 'project' is the name of the built-in stage that"
              + " holds the project's dependencies, resources and classes: give this stage"
              + " another name, for example <name>builder</name>",
          mistake(mojo));
    }

    @Test
    @InjectMojo(
        goal = "build",
        pom = HEAD + PROJECT_LAYER + "<projectMode>ear</projectMode>" + TAIL)
    void plan_unknownProjectMode_listsTheModes(BuildMojo mojo) {
      assertEquals(
          "<projectMode> (property image.projectMode) 'ear' is not a project mode: use classes"
              + " (target/classes), jar (the packaged jar), war (the exploded WAR, for a"
              + " servlet container base image) or spring-boot (the executable jar of"
              + " spring-boot-maven-plugin, exploded layer by layer)",
          mistake(mojo));
    }

    @Test
    @InjectMojo(
        goal = "build",
        pom = HEAD + PROJECT_LAYER + "<projectMode>war</projectMode>" + TAIL)
    void plan_warModeWithoutExplodedWar_saysWhenToRun(BuildMojo mojo) {
      String message = mistake(mojo);
      assertTrue(
          message.startsWith(
              "<projectMode> (property image.projectMode) is war, but there is no exploded WAR"
                  + " at "),
          message);
      assertTrue(
          message.endsWith(
              "/target/hello-1.0-SNAPSHOT yet: build a war project and bind image:build to the"
                  + " package phase (after maven-war-plugin, which assembles that directory) or"
                  + " later"),
          message);
    }

    @Test
    @InjectMojo(
        goal = "build",
        pom =
            HEAD
                + PROJECT_LAYER
                + "<container><appRoot>/usr/local/tomcat/webapps/ROOT</appRoot></container>"
                + TAIL)
    void plan_appRootInClassesMode_saysWhereTheStageGoes(BuildMojo mojo) {
      assertEquals(
          "<container>/<appRoot> places a WAR, but <projectMode> (property image.projectMode) is"
              + " classes: the stage project of a jar goes to /app, where the default"
              + " entrypoint's class path names it. Remove <appRoot>, or use"
              + " <projectMode>war</projectMode>",
          mistake(mojo));
    }

    @Test
    @InjectMojo(
        goal = "build",
        pom = HEAD + PROJECT_LAYER + "<projectMode>jar</projectMode>" + TAIL)
    void plan_jarModeWithoutJar_saysWhenToRun(BuildMojo mojo) {
      assertEquals(
          "<projectMode> (property image.projectMode) is jar, but hello has no packaged jar yet:"
              + " bind image:build to the package phase (after the jar plugin) or later, or use"
              + " <projectMode>classes</projectMode>",
          mistake(mojo));
    }

    @Test
    @InjectMojo(
        goal = "build",
        pom =
            HEAD
                + "<layers><layer><stage>project</stage><path>app/libs</path></layer></layers>"
                + TAIL)
    void plan_projectLayerRelativePath_asksForAnAbsoluteOne(BuildMojo mojo) {
      assertEquals(
          "<layers>/<layer>[1]/<path> 'app/libs' is not an absolute path in the image: start it"
              + " with /, for example <path>/app/libs</path>",
          mistake(mojo));
    }
  }
}
