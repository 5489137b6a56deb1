package dev.imagesmith.maven;

import dev.imagesmith.build.ImageBuilder;
import dev.imagesmith.error.ImagesmithException;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.plan.BuildPlan;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

/**
 * Builds a container image without a daemon or root: builder stages fill sandboxes, pruning removes
 * junk, and the chosen paths of the stages become the image's layers, written as an OCI layout
 * directory and a docker-archive under {@code outputDirectory}.
 *
 * <p>Reproducible by default: every timestamp is {@code project.build.outputTimestamp}, else {@code
 * SOURCE_DATE_EPOCH}, else 1970-01-01T00:00:00Z.
 *
 * @since 0.1.0
 */
@Mojo(
    name = "build",
    defaultPhase = LifecyclePhase.PACKAGE,
    threadSafe = true,
    requiresDependencyResolution = ResolutionScope.NONE)
public class BuildMojo extends AbstractMojo {
  static final String FROM_PROPERTY = "image.from";

  /**
   * The base image the final image starts from: {@code scratch} (empty), {@code oci:DIR[:tag]} (an
   * OCI image layout directory; without a tag it must hold exactly one image), {@code
   * docker-archive:FILE} (a {@code docker save} tarball) or a registry reference. Relative paths
   * resolve against the project directory.
   *
   * <pre>&lt;from&gt;oci:${project.basedir}/base-layout:1&lt;/from&gt;</pre>
   *
   * <p>The property {@code image.from} given on the command line ({@code -Dimage.from=scratch})
   * overrides this element even when the POM sets it.
   *
   * @since 0.1.0
   */
  @Parameter(property = FROM_PROPERTY)
  private String from;

  /**
   * The builder stages, run in order. Each has a unique {@code <name>}, an optional {@code <from>}
   * (an empty root otherwise), {@code <steps>} run in the order written ({@code <copy>}, {@code
   * <extract>}, {@code <download>}, {@code <run>}) and {@code <prune>} rules.
   *
   * <pre>{@code
   * <stages>
   *   <stage>
   *     <name>builder</name>
   *     <steps>
   *       <copy><source>src/native</source><target>/src</target></copy>
   *       <extract><source>vendor/lib.tar.gz</source><target>/src/lib</target>
   *         <stripComponents>1</stripComponents></extract>
   *       <download><url>https://example.org/x.tar.gz</url><sha256>HEX</sha256>
   *         <target>/src/x.tar.gz</target></download>
   *       <run>
   *         <command>make -C "$STAGE_ROOT/src" install DESTDIR="$STAGE_ROOT" PREFIX=/install</command>
   *         <environment><CFLAGS>-O2</CFLAGS></environment>
   *         <workingDirectory>/src</workingDirectory>
   *       </run>
   *     </steps>
   *     <prune>
   *       <staticLibraries>true</staticLibraries><packageCaches>true</packageCaches>
   *       <docs>true</docs><excludes><exclude>**}{@code /*.pyc</exclude></excludes>
   *     </prune>
   *   </stage>
   * </stages>
   * }</pre>
   *
   * <p>A {@code <run>} command runs on the host with {@code STAGE_ROOT} and {@code DESTDIR} set to
   * the stage's root directory; it is not confined to the stage.
   *
   * @since 0.1.0
   */
  @Parameter private List<Stage> stages;

  /**
   * The layers of the final image, at least one: each copies the tree at {@code <path>} of stage
   * {@code <stage>} to the same path in the image, like {@code COPY --from=builder /install
   * /install}.
   *
   * <pre>{@code
   * <layers>
   *   <layer><stage>builder</stage><path>/install</path></layer>
   * </layers>
   * }</pre>
   *
   * @since 0.1.0
   */
  @Parameter private List<Layer> layers;

  /**
   * The image's runtime settings. Absent values keep the base image's; {@code <environment>} and
   * {@code <labels>} are merged over the base's. Ports without a protocol are tcp.
   *
   * <pre>{@code
   * <container>
   *   <entrypoint><arg>/install/bin/hello</arg></entrypoint>
   *   <cmd><arg>--version</arg></cmd>
   *   <environment><PATH>/install/bin:/usr/bin:/bin</PATH></environment>
   *   <user>1000:1000</user>
   *   <workingDirectory>/</workingDirectory>
   *   <labels><org.opencontainers.image.title>hello</org.opencontainers.image.title></labels>
   *   <exposedPorts><port>8080</port><port>53/udp</port></exposedPorts>
   * </container>
   * }</pre>
   *
   * @since 0.1.0
   */
  @Parameter private Container container;

  /**
   * The image's name and extra tags. Without {@code <image>} the name is <code>
   * ${project.artifactId}:${project.version}</code> in lower case; characters not allowed in an
   * image name are reported.
   *
   * <pre>{@code
   * <to><image>example.org/team/hello:1.0</image><tags><tag>latest</tag></tags></to>
   * }</pre>
   *
   * @since 0.1.0
   */
  @Parameter private To to;

  /**
   * Skips the goal.
   *
   * <pre>{@code <skip>true</skip>}</pre>
   *
   * @since 0.1.0
   */
  @Parameter(property = "image.skip", defaultValue = "false")
  private boolean skip;

  /**
   * Where the OCI layout ({@code oci/}), the docker-archive ({@code image.tar}), the {@code digest}
   * file and {@code image.json} are written.
   *
   * <pre>&lt;outputDirectory&gt;${project.build.directory}/image&lt;/outputDirectory&gt;</pre>
   *
   * @since 0.1.0
   */
  @Parameter(property = "image.outputDirectory", defaultValue = "${project.build.directory}/image")
  private File outputDirectory;

  /**
   * The cache of downloads and base image blobs, shared between projects and keyed by content.
   *
   * <pre>&lt;cacheDirectory&gt;${user.home}/.cache/imagesmith&lt;/cacheDirectory&gt;</pre>
   *
   * @since 0.1.0
   */
  @Parameter(property = "image.cacheDirectory", defaultValue = "${user.home}/.cache/imagesmith")
  private File cacheDirectory;

  /**
   * Reuse what earlier builds made when it provably has not changed: a layer whose files have the
   * same content and attributes (never judged by mtime alone), and a stage whose configuration,
   * input contents, base image and plugin version are the same. {@code -Dimage.cache=false}
   * rebuilds and recompresses everything, and neither reads nor writes the caches.
   *
   * <pre>{@code <cache>false</cache>}</pre>
   *
   * @since 0.1.0
   */
  @Parameter(property = "image.cache", defaultValue = "true")
  private boolean cache;

  /**
   * How new layers are compressed: {@code gzip} (read by every runtime), {@code zstd} (smaller and
   * faster; needs a recent runtime) or {@code none}.
   *
   * <pre>{@code <compression>zstd</compression>}</pre>
   *
   * @since 0.1.0
   */
  @Parameter(property = "image.compression", defaultValue = "gzip")
  private String compression;

  /**
   * The image's platform as {@code os/arch[/variant]}. Imagesmith does not cross-compile: the
   * stages must produce binaries for this platform.
   *
   * <pre>{@code <platform>linux/arm64</platform>}</pre>
   *
   * @since 0.1.0
   */
  @Parameter(property = "image.platform", defaultValue = "linux/amd64")
  private String platform;

  /**
   * The time every file and the image's creation time are set to, for reproducible images: ISO-8601
   * with an offset ({@code 2026-01-01T00:00:00Z}) or seconds since the epoch. Usually set once as
   * the property {@code project.build.outputTimestamp}, which maven-jar-plugin reads too. Unset,
   * the {@code SOURCE_DATE_EPOCH} environment variable is used, else 1970-01-01T00:00:00Z.
   *
   * <pre>{@code
   * <properties>
   *   <project.build.outputTimestamp>2026-01-01T00:00:00Z</project.build.outputTimestamp>
   * </properties>
   * }</pre>
   *
   * @since 0.1.0
   */
  @Parameter(defaultValue = "${project.build.outputTimestamp}")
  private String outputTimestamp;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  private MavenSession session;

  /**
   * Names this execution's work directory, so that two executions in one project never share one.
   */
  @Parameter(defaultValue = "${mojoExecution}", readonly = true)
  private MojoExecution mojoExecution;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Skipping the image build (image.skip is true)");
      return;
    }
    // The one place where failures become Maven's: the user's mistakes print as a failure with
    // their message only; everything else is ours or the environment's and keeps its stack trace.
    try {
      // The engine logs the result and ends with the size table.
      new ImageBuilder(new MavenBuildLog(getLog())).build(plan());
    } catch (UserInputException e) {
      throw new MojoFailureException(e.getMessage());
    } catch (ImagesmithException e) {
      throw new MojoExecutionException(e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new MojoExecutionException("Imagesmith failed unexpectedly (a bug): " + e, e);
    }
  }

  /** The validated plan for this project; package-private so that tests can inspect it. */
  BuildPlan plan() {
    Path basedir = project.getBasedir().toPath().toAbsolutePath();
    ProjectContext context =
        new ProjectContext(
            basedir,
            basedir.resolve(project.getBuild().getDirectory()),
            project.getArtifactId(),
            project.getVersion(),
            mojoExecution == null || mojoExecution.getExecutionId() == null
                ? "default"
                : mojoExecution.getExecutionId(),
            session.isOffline(),
            System.getenv(BuildTimestamp.ENVIRONMENT));
    String fromOverride = session.getUserProperties().getProperty(FROM_PROPERTY);
    PlanInput input =
        new PlanInput(
            fromOverride != null ? fromOverride : from,
            fromOverride != null ? "The property " + FROM_PROPERTY : XmlPath.root("from"),
            stages,
            layers,
            container,
            to,
            outputDirectory.toPath(),
            cacheDirectory.toPath(),
            compression,
            platform,
            outputTimestamp,
            cache);
    return new PlanFactory(context).create(input);
  }
}
