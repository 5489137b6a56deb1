package dev.imagesmith.maven;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.image.Digest;
import dev.imagesmith.io.OwnDirectories;
import dev.imagesmith.plan.TargetSpec;
import dev.imagesmith.registry.PushResult;
import dev.imagesmith.registry.Registries;
import dev.imagesmith.registry.RegistryOptions;
import dev.imagesmith.registry.RegistryPusher;
import dev.imagesmith.store.AtomicFile;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Pushes the image {@code image:build} wrote ({@code outputDirectory/oci}) to {@code <to><image>}
 * and each {@code <tag>}, digest for digest: blobs the registry has are skipped, base layers on the
 * same registry are mounted, the manifest is our exact bytes and goes last, and the goal fails
 * unless the registry reports the digest in {@code outputDirectory/digest}. Writes {@code
 * outputDirectory/pushed.json} (references and digest).
 *
 * @since 0.1.0
 */
@Mojo(
    name = "push",
    defaultPhase = LifecyclePhase.DEPLOY,
    threadSafe = true,
    requiresDependencyResolution = ResolutionScope.NONE)
public class PushMojo extends ImageMojo {
  static final String PUSHED_JSON = "pushed.json";

  @Inject
  public PushMojo(SettingsDecrypter settingsDecrypter) {
    super(settingsDecrypter);
  }

  /**
   * Skips the push (the build still runs).
   *
   * @since 0.1.0
   */
  @Parameter(property = "image.push.skip", defaultValue = "false")
  private boolean skip;

  /**
   * {@code image.skip} skips the push too: a skipped build leaves nothing to push.
   *
   * @since 0.1.0
   */
  @Parameter(property = "image.skip", defaultValue = "false")
  private boolean skipImage;

  /**
   * Where {@code image:build} wrote the image; {@code oci/} and {@code digest} are read from here.
   *
   * @since 0.1.0
   */
  @Parameter(property = "image.outputDirectory", defaultValue = "${project.build.directory}/image")
  private File outputDirectory;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip || skipImage) {
      getLog()
          .info(
              "Skipping the image push ("
                  + (skip ? "image.push.skip" : "image.skip")
                  + " is true)");
      return;
    }
    translatingFailures(this::push);
  }

  /**
   * Where the image goes: {@code <to>} with the command line's {@code image.to}/{@code image.tags}.
   */
  TargetSpec targetSpec() {
    Problems problems = new Problems();
    TargetSpec target =
        To.toSpec(target(), project.getArtifactId(), project.getVersion(), problems);
    problems.throwIfAny();
    return target;
  }

  private void push() throws IOException {
    if (session.isOffline()) {
      throw new UserInputException(
          "image:push needs the network but Maven is offline (-o); run without -o or skip the"
              + " push with -Dimage.push.skip");
    }
    TargetSpec target = targetSpec();
    Path output = outputDirectory.toPath().toAbsolutePath();
    // pushed.json is written here: never into a directory a link below target/ leads to.
    OwnDirectories.exists(
        OwnDirectories.trustedRoot(Path.of(project.getBuild().getDirectory()), output), output);
    Digest digest = readDigest(output.resolve("digest"));
    MavenBuildLog log = new MavenBuildLog(getLog());
    RegistryOptions options = registryOptions(target.image(), false, log);
    log.info("Pushing " + digest + " to " + String.join(", ", target.references()));
    PushResult result =
        new RegistryPusher(new Registries(options, log), log)
            .push(output.resolve("oci"), digest, target.references(), To.imageWhere(target()));
    log.info(
        "Pushed "
            + result.references().size()
            + " references: "
            + result.uploaded()
            + " blobs uploaded, "
            + result.mounted()
            + " mounted, "
            + result.present()
            + " already there");
    writeAtomically(output.resolve(PUSHED_JSON), result.toJson());
  }

  private static Digest readDigest(Path file) throws IOException {
    return DigestFile.read(
        file,
        "image:push",
        "image:push pushes what a successful image:build wrote (a build whose checks failed writes"
            + " no digest); run it first (mvn deploy runs both, build in package)");
  }

  /** An output beside the image's: readable like them, durable like them. */
  private static void writeAtomically(Path target, byte[] content) throws IOException {
    AtomicFile.to(target).mode(0644).durable().write(content);
  }
}
