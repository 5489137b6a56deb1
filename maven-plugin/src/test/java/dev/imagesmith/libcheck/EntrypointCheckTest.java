package dev.imagesmith.libcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.inspect.ImageInspection;
import dev.imagesmith.testkit.TestTar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The entrypoint check on inspected images: the program is found as a runtime finds it (absolute,
 * below the working directory, or on the config's PATH, links followed in-root), must be executable
 * by the config's user, and a script's interpreter must be there. The host's {@code /bin/sh} plays
 * every ELF program.
 */
class EntrypointCheckTest {
  private static final Path SH = Path.of("/bin/sh");
  private static final String DEFAULT_PATH =
      "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  @TempDir Path dir;

  @BeforeAll
  static void hostShell() {
    Assumptions.assumeTrue(Files.isExecutable(SH), "needs /bin/sh");
  }

  /** A JRE's java (the shell plays it) and the link Debian's alternatives make to it. */
  private static TestTar jre() {
    return TestTar.tar()
        .dir("opt/")
        .dir("opt/jre/")
        .dir("opt/jre/bin/")
        .program("opt/jre/bin/java", SH)
        .dir("usr/")
        .dir("usr/bin/")
        .symlink("usr/bin/java", "../../opt/jre/bin/java");
  }

  private EntrypointCheck.Result check(
      TestTar added, List<String> env, String user, List<String> entrypoint, List<String> cmd)
      throws Exception {
    return check(added, env, user, entrypoint, cmd, StageFiles.none());
  }

  private EntrypointCheck.Result check(
      TestTar added,
      List<String> env,
      String user,
      List<String> entrypoint,
      List<String> cmd,
      StageFiles stages)
      throws Exception {
    ImageInspection image = InspectedImages.inspect(dir, TestTar.tar().dir("etc/"), added);
    ImageEnvironment environment = ImageEnvironment.of(env, "/app", user);
    Hints hints = new Hints(image.tree(), environment, stages, PackageLookup.NONE);
    return new EntrypointCheck(image.tree(), environment, hints).run(entrypoint, cmd);
  }

  @Test
  void javaOnThePath_throughALink_passes() throws Exception {
    EntrypointCheck.Result result =
        check(
            jre(),
            List.of("PATH=/usr/bin:/bin"),
            null,
            List.of("java", "-cp", "x", "Main"),
            List.of());
    assertTrue(result.passed(), result.problem());
    assertEquals("entrypoint java checked", result.summary());
  }

  @Test
  void javaNowhere_namesThePathAndWhatAJavaImageNeeds() throws Exception {
    EntrypointCheck.Result result =
        check(TestTar.tar().dir("app/"), List.of(), null, List.of("java", "Main"), List.of());
    assertEquals(
        "The entrypoint java cannot start: java is not on the PATH ("
            + DEFAULT_PATH
            + ") (the config sets no PATH: a runtime uses the default one); the image needs a Java"
            + " runtime with its bin directory on <PATH>: a <from> image with one (for example"
            + " eclipse-temurin:17-jre) or a stage that makes one (jlink) with a <layer> for it",
        result.problem());
  }

  @Test
  void javaInTheImageOffThePath_saysWhichDirectoryToAdd() throws Exception {
    TestTar jre =
        TestTar.tar()
            .dir("opt/")
            .dir("opt/jre/")
            .dir("opt/jre/bin/")
            .program("opt/jre/bin/java", SH);
    EntrypointCheck.Result result =
        check(jre, List.of("PATH=/usr/bin:/bin"), null, List.of("java", "Main"), List.of());
    assertEquals(
        "The entrypoint java cannot start: java is not on the PATH (/usr/bin:/bin); the image has"
            + " /opt/jre/bin/java: add /opt/jre/bin to <PATH> in <container><environment> (now"
            + " /usr/bin:/bin)",
        result.problem());
  }

  @Test
  void danglingLinkOnThePath_isNamed() throws Exception {
    TestTar link =
        TestTar.tar().dir("usr/").dir("usr/bin/").symlink("usr/bin/java", "/opt/jre/bin/java");
    EntrypointCheck.Result result =
        check(link, List.of("PATH=/usr/bin"), null, List.of("java"), List.of());
    assertEquals(
        "The entrypoint java cannot start: java is not on the PATH (/usr/bin): /usr/bin/java is a"
            + " symlink to /opt/jre/bin/java, which is not in the image; the image needs a Java"
            + " runtime with its bin directory on <PATH>: a <from> image with one (for example"
            + " eclipse-temurin:17-jre) or a stage that makes one (jlink) with a <layer> for it",
        result.problem());
  }

  @Test
  void absoluteProgramMissing_andTheStageThatHasIt() throws Exception {
    Path root = dir.resolve("stage");
    Files.createDirectories(root.resolve("install/bin"));
    Files.copy(SH, root.resolve("install/bin/hello"));
    StageFiles stages =
        new StageFiles(List.of(new StageFiles.Root("builder", Sandbox.create(root))));
    EntrypointCheck.Result result =
        check(
            TestTar.tar().dir("app/"),
            List.of(),
            null,
            List.of("/install/bin/hello"),
            List.of("--version"),
            stages);
    assertEquals(
        "The entrypoint /install/bin/hello cannot start: /install/bin/hello is not in the image;"
            + " stage 'builder' has /install/bin/hello: add"
            + " <layer><stage>builder</stage><path>/install/bin</path></layer>",
        result.problem());
    assertEquals(
        "The entrypoint /install/bin/helo cannot start: /install/bin/helo is not in the image",
        check(
                TestTar.tar().dir("app/"),
                List.of(),
                null,
                List.of("/install/bin/helo"),
                List.of(),
                stages)
            .problem());
  }

  @Test
  void programOutsideTheDistributionsDirectories_isNotLookedUpInPackages() throws Exception {
    ImageInspection image =
        InspectedImages.inspect(dir, TestTar.tar().dir("etc/"), TestTar.tar().dir("app/"));
    ImageEnvironment env = ImageEnvironment.defaults();
    List<String> asked = new java.util.ArrayList<>();
    PackageLookup contents =
        names -> {
          asked.addAll(names);
          return PackageLookup.Answer.unavailable("Debian", "offline");
        };
    Hints hints = new Hints(image.tree(), env, StageFiles.none(), contents);
    EntrypointCheck check = new EntrypointCheck(image.tree(), env, hints);
    assertEquals(
        "The entrypoint /install/bin/helo cannot start: /install/bin/helo is not in the image",
        check.run(List.of("/install/bin/helo"), List.of()).problem());
    assertEquals(List.of(), asked, "no package installs into /install");
    assertEquals(
        "The entrypoint tini cannot start: tini is not on the PATH ("
            + DEFAULT_PATH
            + ") (the config sets no PATH: a runtime uses the default one); no stage has it, and"
            + " the package that ships it could not be looked up in Debian: offline",
        check.run(List.of("tini", "--"), List.of()).problem());
    assertEquals(List.of("tini"), asked);
  }

  @Test
  void typoInTheProgramsName_namesTheProgramBesideIt() throws Exception {
    TestTar bin =
        TestTar.tar().dir("install/").dir("install/bin/").program("install/bin/hello", SH);
    assertEquals(
        "The entrypoint /install/bin/helo cannot start: /install/bin/helo is not in the image; the"
            + " image has /install/bin/hello (a typo?)",
        check(bin, List.of(), null, List.of("/install/bin/helo"), List.of()).problem());
    assertEquals(3, Hints.editDistance("kitten", "sitting"));
    assertEquals(0, Hints.editDistance("java", "java"));
  }

  @Test
  void notExecutableForTheConfigsUser_butForRoot() throws Exception {
    TestTar app = TestTar.tar().dir("app/").file("app/server", Files.readAllBytes(SH), 0755);
    TestTar ownerOnly =
        TestTar.tar().dir("app/").file("app/server", "#!/bin/sh\n", 0100700).program("bin/sh", SH);
    EntrypointCheck.Result asUser =
        check(ownerOnly, List.of(), "1000:1000", List.of("/app/server"), List.of());
    assertEquals(
        "The entrypoint /app/server cannot start: /app/server is not executable for user 1000:1000"
            + " (mode 0700, owner 0:0)",
        asUser.problem());
    assertTrue(check(ownerOnly, List.of(), null, List.of("/app/server"), List.of()).passed());
    assertTrue(check(app, List.of(), "1000", List.of("/app/server"), List.of()).passed());
  }

  @Test
  void scriptWithoutItsInterpreter_cmdRelativeToTheWorkingDirectory() throws Exception {
    TestTar app = TestTar.tar().dir("app/").file("app/run.sh", "#!/bin/sh\necho hi\n", 0100755);
    EntrypointCheck.Result result = check(app, List.of(), null, List.of(), List.of("./run.sh"));
    assertEquals(
        "The cmd ./run.sh cannot start: /app/run.sh starts with #!/bin/sh, and /bin/sh is not in"
            + " the image",
        result.problem());
    assertTrue(
        check(app.program("bin/sh", SH), List.of(), null, List.of(), List.of("./run.sh")).passed());
  }

  @Test
  void directoryAndNothingToRun() throws Exception {
    TestTar app = TestTar.tar().dir("app/");
    assertEquals(
        "The entrypoint /app cannot start: /app is a directory",
        check(app, List.of(), null, List.of("/app"), List.of()).problem());
    EntrypointCheck.Result none = check(app, List.of(), null, List.of(), List.of());
    assertTrue(none.passed());
    assertNull(none.program());
    assertEquals("no entrypoint or cmd to check", none.summary());
  }
}
