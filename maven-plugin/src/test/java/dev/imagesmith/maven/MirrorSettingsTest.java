package dev.imagesmith.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.image.Digest;
import dev.imagesmith.registry.RegistryFixture;
import dev.imagesmith.registry.RegistryOptions;
import dev.imagesmith.registry.RegistryServer;
import dev.imagesmith.testkit.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoExtension;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mirror settings as a Maven user gives them (issue 17): {@code image.registryMirrors} from the
 * command line or a settings.xml profile, {@code <registryMirrors>} and {@code <debianMirror>} in
 * the POM. The base names a registry no DNS knows; only its mirror, a real docker-registry on
 * 127.0.0.1, has the image.
 */
@MojoTest
class MirrorSettingsTest extends HarnessTestBase {
  private static final String PROJECT = "/projects/proxy";
  private static final String UPSTREAM = "registry.nowhere.invalid:5000";

  @RegisterExtension
  static final RegistryFixture mirror = RegistryFixture.of(RegistryServer.Mode.PLAIN);

  @TempDir Path dir;
  private final PushMojoCredentialsTest.CapturingLog log =
      new PushMojoCredentialsTest.CapturingLog();

  private void prepare(BuildMojo mojo) throws Exception {
    writingInto(mojo, dir, log);
    session.getUserProperties().putIfAbsent("image.from", "scratch");
  }

  @Test
  @Basedir(PROJECT)
  @InjectMojo(goal = "build", pom = "pom.xml")
  void N23_build_pullsItsBaseFromTheMirrorThePropertyNames(BuildMojo mojo) throws Exception {
    Digest digest =
        TestImages.pushBase(
            dir,
            RegistryOptions.defaults(),
            mirror.address() + "/hub/team/base:1",
            "from the mirror");
    session.getUserProperties().setProperty("image.from", UPSTREAM + "/team/base:1");
    // As -Dimage.registryMirrors or a settings.xml profile's property sets it.
    MojoExtension.setVariableValueToObject(
        mojo, "registryMirrorsText", UPSTREAM + "=" + mirror.address() + "/hub");
    prepare(mojo);

    mojo.execute();

    assertTrue(Files.isRegularFile(dir.resolve("out/digest")), log.text());
    assertTrue(
        log.text()
            .contains(
                "INFO Mirrors of "
                    + UPSTREAM
                    + " for pulls: "
                    + mirror.address()
                    + "/hub, then "
                    + UPSTREAM
                    + " itself"),
        log.text());
    assertTrue(
        log.text()
            .contains(
                "INFO Base "
                    + UPSTREAM
                    + "/team/base:1 "
                    + digest
                    + ": 1 of 1 layers downloaded (from mirror "
                    + mirror.address()
                    + "/hub)"),
        log.text());
    assertTrue(
        log.text().contains("DEBUG registry " + mirror.address() + ": GET http://"), log.text());
  }

  @Test
  @Basedir(PROJECT)
  @InjectMojo(goal = "build", pom = "pom.xml")
  void registryMirrors_malformedMirror_failsNamingItsXmlPath(BuildMojo mojo) throws Exception {
    RegistryMirror element = new RegistryMirror();
    MojoExtension.setVariableValueToObject(element, "registry", "docker.io");
    MojoExtension.setVariableValueToObject(
        element, "mirrors", List.of("mirror.gcr.io", "https://nexus.example.org/hub"));
    MojoExtension.setVariableValueToObject(mojo, "registryMirrors", List.of(element));
    prepare(mojo);

    MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);

    assertEquals(
        "<registryMirrors>/<registryMirror>[1]/<mirrors>/<mirror>[2]"
            + " 'https://nexus.example.org/hub' is not a mirror: write host[:port][/path] as in"
            + " registries.conf (mirror.gcr.io, nexus.example.org:8443/dockerhub), without https://"
            + " (a mirror that speaks plain HTTP goes in <insecureRegistries> too)",
        e.getMessage());
  }

  @Test
  void registryMirror_withoutRegistry_namesItsXmlPath() throws Exception {
    RegistryMirror element = new RegistryMirror();
    MojoExtension.setVariableValueToObject(element, "mirrors", List.of("mirror.gcr.io"));

    assertEquals(
        "<registryMirrors>/<registryMirror>[1] has no <registry>: name the registry it mirrors"
            + " (docker.io, quay.io, ...)",
        assertThrows(
                dev.imagesmith.error.UserInputException.class,
                () -> RegistryMirrorsConfig.of(List.of(element), null))
            .getMessage());
    // The property wins over the POM's element.
    assertEquals(
        "[mirror.gcr.io]",
        RegistryMirrorsConfig.of(List.of(element), "docker.io=mirror.gcr.io")
            .of("registry-1.docker.io")
            .toString());
  }

  @Test
  @Basedir(PROJECT)
  @InjectMojo(goal = "build", pom = "pom.xml")
  void debianMirror_notAMirrorUrl_failsNamingTheElement(BuildMojo mojo) throws Exception {
    MojoExtension.setVariableValueToObject(mojo, "debianMirror", "mirror.example.org/debian");
    prepare(mojo);

    MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);

    assertEquals(
        "<debianMirror> 'mirror.example.org/debian' is not a mirror URL: write the root of a copy"
            + " of Debian's archive, such as http://mirror.example/debian (it stands for"
            + " http://deb.debian.org/debian)",
        e.getMessage());
  }
}
