package dev.imagesmith.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.junit.jupiter.api.Test;

/**
 * Each configuration mistake gives one message that names its XML path and the fix. The POMs are
 * inline so that each mistake sits next to the message it must produce.
 */
@MojoTest
class BuildMojoValidationTest extends HarnessTestBase {
  private static final String HEAD = POM_HEAD;
  private static final String TAIL = POM_TAIL;
  private static final String FROM = "<from>scratch</from>";
  private static final String BUILDER =
      "<stage><name>builder</name><steps><run><command>true</command></run></steps></stage>";
  private static final String LAYERS =
      "<layers><layer><stage>builder</stage><path>/install</path></layer></layers>";

  /** A valid configuration but for the stage's steps. */
  private static final String STEPS_HEAD =
      HEAD + FROM + "<stages><stage><name>builder</name><steps>";

  private static final String STEPS_TAIL = "</steps></stage></stages>" + LAYERS + TAIL;
  private static final String STEP = "<stages>/<stage>[1] (builder)/<steps>";

  @Test
  @InjectMojo(
      goal = "build",
      pom =
          HEAD
              + FROM
              + "<stages>"
              + BUILDER
              + "<stage><steps><run><command>true</command></run></steps></stage></stages>"
              + LAYERS
              + TAIL)
  void plan_stageWithoutName_saysWhichStage(BuildMojo mojo) {
    assertEquals(
        "<stages>/<stage>[2]/<name> is missing: give the stage a name that layers can refer to,"
            + " for example <name>builder</name>",
        mistake(mojo));
  }

  @Test
  @InjectMojo(
      goal = "build",
      pom =
          HEAD
              + FROM
              + "<stages><stage><name>../up</name></stage></stages>"
              + "<layers><layer><stage>../up</stage><path>/install</path></layer></layers>"
              + TAIL)
  void plan_stageNameWithSlash_isRefused(BuildMojo mojo) {
    assertEquals(
        "<stages>/<stage>[1] (../up)/<name> '../up' is not a valid stage name: use up to 64"
            + " letters, digits, '.', '_' and '-', starting with a letter or digit, for example"
            + " <name>builder</name>",
        mistake(mojo));
  }

  @Test
  @InjectMojo(
      goal = "build",
      pom = HEAD + FROM + "<stages>" + BUILDER + BUILDER + "</stages>" + LAYERS + TAIL)
  void plan_duplicateStageNames_namesBothStages(BuildMojo mojo) {
    assertEquals(
        "<stages>/<stage>[2] (builder)/<name> 'builder' is already the name of"
            + " <stages>/<stage>[1] (builder): give each stage its own name",
        mistake(mojo));
  }

  @Test
  @InjectMojo(
      goal = "build",
      pom =
          HEAD
              + FROM
              + "<stages>"
              + BUILDER
              + "<stage><name>runtime</name></stage></stages>"
              + "<layers><layer><stage>buildr</stage><path>/install</path></layer></layers>"
              + TAIL)
  void plan_layerOfUnknownStage_listsKnownStages(BuildMojo mojo) {
    assertEquals(
        "<layers>/<layer>[1]/<stage> 'buildr' names no stage: the stages are builder, runtime",
        mistake(mojo));
  }

  @Test
  @InjectMojo(
      goal = "build",
      pom =
          HEAD
              + FROM
              + "<stages>"
              + BUILDER
              + "</stages>"
              + "<layers><layer><stage>builder</stage><path>/install</path></layer>"
              + "<layer><stage>builder</stage><path>install</path></layer></layers>"
              + TAIL)
  void plan_relativeLayerPath_isRefused(BuildMojo mojo) {
    assertEquals(
        "<layers>/<layer>[2]/<path> 'install' is not an absolute path in the image: start it"
            + " with /, for example <path>/install</path>",
        mistake(mojo));
  }

  @Test
  @InjectMojo(
      goal = "build",
      pom =
          HEAD
              + FROM
              + "<stages>"
              + BUILDER
              + "</stages>"
              + "<layers><layer><stage>builder</stage><path>/install/../../etc</path></layer>"
              + "</layers>"
              + TAIL)
  void plan_layerPathWithDotDot_isRefused(BuildMojo mojo) {
    assertEquals(
        "<layers>/<layer>[1]/<path> '/install/../../etc' has a '..' component: name the tree to"
            + " copy by its plain path, for example <path>/install</path>",
        mistake(mojo));
  }

  @Test
  @InjectMojo(
      goal = "build",
      pom =
          HEAD
              + FROM
              + "<stages>"
              + BUILDER
              + "</stages>"
              + "<layers><layer><stage>builder</stage><path>//install/</path></layer></layers>"
              + TAIL)
  void plan_layerPathWithExtraSlashes_isCleaned(BuildMojo mojo) {
    assertEquals("/install", mojo.plan().layers().get(0).path());
  }

  @Test
  @InjectMojo(goal = "build", pom = HEAD + FROM + "<stages>" + BUILDER + "</stages>" + TAIL)
  void plan_noLayers_saysWhatToAdd(BuildMojo mojo) {
    assertEquals(
        "<layers> is empty: the image needs at least one layer taken from a stage, for example"
            + " <layers><layer><stage>builder</stage><path>/install</path></layer></layers>",
        mistake(mojo));
  }

  @Test
  @InjectMojo(
      goal = "build",
      pom = STEPS_HEAD + "<run><command>true</command></run><copy/>" + STEPS_TAIL)
  void plan_emptyCopy_reportsSourceAndTargetTogether(BuildMojo mojo) {
    assertEquals(
        String.join(
            System.lineSeparator(),
            List.of(
                "2 mistakes in the image-maven-plugin configuration:",
                "  - "
                    + STEP
                    + "/<copy>[1]/<source> is missing: name the project file or directory to"
                    + " copy, for example <source>src/native</source>",
                "  - "
                    + STEP
                    + "/<copy>[1]/<target> is missing: name an absolute path in the image, for"
                    + " example <target>/src</target>")),
        mistake(mojo));
  }

  @Test
  @InjectMojo(
      goal = "build",
      pom = STEPS_HEAD + "<copy><source>src</source><target>src</target></copy>" + STEPS_TAIL)
  void plan_relativeStepTarget_isRefused(BuildMojo mojo) {
    assertEquals(
        STEP
            + "/<copy>[1]/<target> 'src' is not an absolute path in the image: start it with /,"
            + " for example <target>/src</target>",
        mistake(mojo));
  }

  @Test
  @InjectMojo(
      goal = "build",
      pom =
          STEPS_HEAD
              + "<download><url>https://example.org/x.tgz</url><target>/x.tgz</target></download>"
              + STEPS_TAIL)
  void plan_downloadWithoutSha256_explainsWhy(BuildMojo mojo) {
    assertEquals(
        STEP
            + "/<download>[1]/<sha256> is missing: a download must name the SHA-256 of the"
            + " expected file (for example from `sha256sum FILE`) so that a changed or tampered"
            + " file is refused",
        mistake(mojo));
  }

  @Test
  @InjectMojo(
      goal = "build",
      pom =
          STEPS_HEAD
              + "<download><url>https://example.org/x.tgz</url><sha256>abc123</sha256>"
              + "<target>/x.tgz</target></download>"
              + STEPS_TAIL)
  void plan_malformedSha256_isRefused(BuildMojo mojo) {
    assertEquals(
        STEP
            + "/<download>[1]/<sha256> 'abc123' is not a SHA-256: write the 64 hexadecimal"
            + " digits that `sha256sum FILE` prints",
        mistake(mojo));
  }

  @Test
  @InjectMojo(
      goal = "build",
      pom =
          STEPS_HEAD
              + "<download><url>x.tgz</url><sha256>"
              + "0000000000000000000000000000000000000000000000000000000000000000"
              + "</sha256><target>/x.tgz</target></download>"
              + STEPS_TAIL)
  void plan_downloadUrlWithoutScheme_isRefused(BuildMojo mojo) {
    assertEquals(
        STEP + "/<download>[1]/<url> 'x.tgz' has no scheme: write a full URL such as https://...",
        mistake(mojo));
  }

  @Test
  @InjectMojo(
      goal = "build",
      pom =
          STEPS_HEAD
              + "<run><command>true</command></run>"
              + "<run><environment><A>1</A></environment></run>"
              + STEPS_TAIL)
  void plan_runWithoutCommand_countsRunsOnly(BuildMojo mojo) {
    assertEquals(
        STEP
            + "/<run>[2]/<command> is missing: write the shell command to run, for example"
            + " <command>make install DESTDIR=\"$STAGE_ROOT\"</command>",
        mistake(mojo));
  }

  @Test
  @InjectMojo(
      goal = "build",
      pom =
          STEPS_HEAD
              + "<extract><source>a.tar</source><target>/a</target>"
              + "<stripComponents>-1</stripComponents></extract>"
              + STEPS_TAIL)
  void plan_negativeStripComponents_isRefused(BuildMojo mojo) {
    assertEquals(
        STEP
            + "/<extract>[1]/<stripComponents> is -1: it counts leading path components to drop,"
            + " so use 0 or more",
        mistake(mojo));
  }

  @Test
  @InjectMojo(
      goal = "build",
      pom = HEAD + "<from>Not A Reference</from><stages>" + BUILDER + "</stages>" + LAYERS + TAIL)
  void plan_malformedFrom_isRefused(BuildMojo mojo) {
    assertEquals(
        "<from> 'Not A Reference' is not a base image: use scratch, oci:DIR[:tag],"
            + " docker-archive:FILE or a registry reference such as"
            + " registry.example.org/team/base:1",
        mistake(mojo));
  }

  @Test
  @InjectMojo(goal = "build", pom = HEAD + "<stages>" + BUILDER + "</stages>" + LAYERS + TAIL)
  void plan_noFrom_saysWhatToWrite(BuildMojo mojo) {
    assertEquals(
        "<from> is empty: use scratch, oci:DIR[:tag], docker-archive:FILE or a registry reference",
        mistake(mojo));
  }

  @Test
  @InjectMojo(
      goal = "build",
      pom =
          HEAD
              + FROM
              + "<stages><stage><name>builder</name><from>oci:base:</from></stage></stages>"
              + LAYERS
              + TAIL)
  void plan_malformedStageFrom_namesTheStage(BuildMojo mojo) {
    assertEquals(
        "<stages>/<stage>[1] (builder)/<from> 'oci:base:' has an empty tag: write oci:DIR or"
            + " oci:DIR:TAG",
        mistake(mojo));
  }

  @Test
  @InjectMojo(
      goal = "build",
      pom =
          HEAD
              + FROM
              + "<stages>"
              + BUILDER
              + "</stages>"
              + LAYERS
              + "<to><image>Example.org/Team/Hello:1.0</image></to>"
              + TAIL)
  void plan_invalidToImage_isRefused(BuildMojo mojo) {
    assertEquals(
        "<to>/<image> 'Example.org/Team/Hello:1.0' is not a valid image reference: write"
            + " [host[:port]/]path[:tag] with a lower-case path, for example"
            + " <to><image>example.org/team/hello:1.0</image></to>",
        mistake(mojo));
  }

  @Test
  @InjectMojo(
      goal = "build",
      pom =
          HEAD
              + FROM
              + "<stages>"
              + BUILDER
              + "</stages>"
              + LAYERS
              + "<to><image>example.org/hello@sha256:"
              + "0000000000000000000000000000000000000000000000000000000000000000"
              + "</image></to>"
              + TAIL)
  void plan_toImageWithDigest_isRefused(BuildMojo mojo) {
    assertEquals(
        "<to>/<image> 'example.org/hello@sha256:"
            + "0000000000000000000000000000000000000000000000000000000000000000' has a digest: an"
            + " image being built gets its digest from its content, so name it with a tag, for"
            + " example <to><image>example.org/team/hello:1.0</image></to>",
        mistake(mojo));
  }

  @Test
  @InjectMojo(
      goal = "build",
      pom =
          HEAD
              + FROM
              + "<stages>"
              + BUILDER
              + "</stages>"
              + LAYERS
              + "<to><tags><tag>latest</tag><tag>-bad</tag></tags></to>"
              + TAIL)
  void plan_invalidTag_isRefused(BuildMojo mojo) {
    assertEquals(
        "<to>/<tags>/<tag>[2] '-bad' is not a valid tag: use up to 128 letters, digits, '_', '.'"
            + " and '-', not starting with '.' or '-', for example <tag>latest</tag>",
        mistake(mojo));
  }

  @Test
  @InjectMojo(
      goal = "build",
      pom =
          HEAD
              + FROM
              + "<stages>"
              + BUILDER
              + "</stages>"
              + LAYERS
              + "<container><exposedPorts><port>80</port><port>70000</port></exposedPorts>"
              + "</container>"
              + TAIL)
  void plan_portOutOfRange_isRefused(BuildMojo mojo) {
    assertEquals(
        "<container>/<exposedPorts>/<port>[2] '70000' is not a port: write a number from 1 to"
            + " 65535, optionally with /tcp, /udp or /sctp, for example <port>8080</port> or"
            + " <port>53/udp</port>",
        mistake(mojo));
  }

  @Test
  @InjectMojo(
      goal = "build",
      pom =
          HEAD
              + FROM
              + "<platform>Linux</platform><stages>"
              + BUILDER
              + "</stages>"
              + LAYERS
              + TAIL)
  void plan_malformedPlatform_isRefused(BuildMojo mojo) {
    assertEquals(
        "<platform> (property image.platform) 'Linux' is not a platform: write os/arch[/variant]"
            + " in lower case, for example linux/amd64 or linux/arm64/v8",
        mistake(mojo));
  }
}
