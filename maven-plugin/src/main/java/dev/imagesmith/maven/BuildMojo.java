package dev.imagesmith.maven;

import dev.imagesmith.debian.ArchiveMirror;
import dev.imagesmith.pipeline.BuildResult;
import dev.imagesmith.pipeline.ImageBuilder;
import dev.imagesmith.plan.BuildPlan;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProjectHelper;
import org.apache.maven.settings.crypto.SettingsDecrypter;

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
    requiresDependencyResolution = ResolutionScope.RUNTIME,
    configurator = "imagesmith")
public class BuildMojo extends CheckingMojo {
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
   * <extract>}, {@code <download>}, {@code <run>}, {@code <debian>}) and {@code <prune>} rules.
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
   *       <debian><packages><package>libc6</package></packages></debian>
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
   * <p>A {@code <debian>} step installs Debian packages and their dependencies from the build
   * host's apt repository (or {@code <repository>}, {@code <suite>}, {@code <components>}, {@code
   * <architecture>}, {@code <keyring>}, {@code <excludes>}, {@code <essential>}) without dpkg, apt,
   * chroot or root. Repository files are verified (signed InRelease, index hash, .deb SHA-256),
   * maintainer scripts are NOT run, and the packages are pinned in {@code image-debian.lock} beside
   * the POM on the first resolution and installed from it afterwards.
   *
   * @since 0.1.0
   */
  @Parameter private List<Stage> stages;

  /**
   * The layers of the final image: each copies the tree at {@code <path>} of stage {@code <stage>}
   * to the same path in the image, like {@code COPY --from=builder /install /install}. Without
   * {@code <layers>} and {@code <stages>}, the image gets the built-in stage {@code project} alone
   * (as Jib does); with stages, at least one layer is required. {@code <owner>1000:1000</owner>}
   * (numeric {@code uid:gid}, or {@code uid} for the same gid) gives every entry of the tree that
   * owner, like {@code COPY --chown}; the directories above {@code <path>}, and those the base
   * already has, keep theirs.
   *
   * <pre>{@code
   * <layers>
   *   <layer><stage>builder</stage><path>/install</path></layer>
   *   <layer><stage>builder</stage><path>/var/lib/app</path><owner>1000:1000</owner></layer>
   * </layers>
   * }</pre>
   *
   * @since 0.1.0
   */
  @Parameter private List<Layer> layers;

  /**
   * The image's runtime settings, as a Dockerfile's {@code ENTRYPOINT}, {@code CMD}, {@code ENV},
   * {@code USER}, {@code WORKDIR}, {@code LABEL}, {@code EXPOSE}, {@code VOLUME}, {@code
   * STOPSIGNAL} and {@code HEALTHCHECK} set them. Absent values keep the base image's; {@code
   * <environment>}, {@code <labels>}, {@code <exposedPorts>} and {@code <volumes>} are merged over
   * the base's. The elements:
   *
   * <ul>
   *   <li>{@code <entrypoint>}: the program and its fixed arguments, one {@code <arg>} each.
   *       Setting it clears the base's {@code <cmd>}, as Docker does.
   *   <li>{@code <cmd>}: default arguments (or, without an entrypoint, the command), one {@code
   *       <arg>} each.
   *   <li>{@code <environment>}: variables, one element each: {@code
   *       <PATH>/opt/app/bin:/usr/bin</PATH>}.
   *   <li>{@code <user>}: {@code uid}, {@code uid:gid} or a name the image's {@code /etc/passwd}
   *       knows.
   *   <li>{@code <workingDirectory>}: the absolute directory the container starts in.
   *   <li>{@code <labels>}: image labels, one element each, named by the label's key.
   *   <li>{@code <exposedPorts>}: one {@code <port>} each: {@code 8080}, {@code 8080/tcp} or {@code
   *       53/udp}; tcp when no protocol is given.
   *   <li>{@code <volumes>}: directories for a container's own data, one absolute {@code <volume>}
   *       each.
   *   <li>{@code <stopSignal>}: the signal {@code docker stop} sends: {@code SIGTERM}, {@code
   *       SIGINT}, {@code SIGRTMIN+3} or a number.
   *   <li>{@code <healthcheck>}: one of {@code <command>} (one {@code <arg>} each), {@code
   *       <shellCommand>} (run by {@code /bin/sh -c}) or {@code <disabled>true</disabled>}, with
   *       optional {@code <interval>}, {@code <timeout>}, {@code <startPeriod>}, {@code
   *       <startInterval>} ({@code 30s}, {@code 1m30s}, {@code 500ms}) and {@code <retries>}.
   *   <li>{@code <mainClass>}: for a Java application, the class whose {@code main} runs; without
   *       {@code <entrypoint>} the entrypoint becomes {@code java <jvmFlags...> -cp
   *       /app/resources:/app/classes:/app/libs/* <mainClass>} (the packaged jar's {@code
   *       Main-Class} is used when {@code <projectMode>} is {@code jar} or {@code spring-boot} and
   *       this is absent; in {@code spring-boot} mode the class path is {@code /app}).
   *   <li>{@code <jvmFlags>}: options of that Java entrypoint, one {@code <jvmFlag>} each, for
   *       example {@code -Xmx256m} or {@code -javaagent:/opt/agent/agent.jar}.
   *   <li>{@code <appRoot>}: with {@code <projectMode>war</projectMode>}, where the exploded WAR
   *       goes: {@code /var/lib/jetty/webapps/ROOT} (the {@code jetty} image's) by default.
   * </ul>
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
   *   <volumes><volume>/var/lib/hello</volume></volumes>
   *   <stopSignal>SIGINT</stopSignal>
   *   <healthcheck>
   *     <command><arg>/install/bin/hello</arg><arg>--check</arg></command>
   *     <interval>30s</interval><timeout>5s</timeout><retries>3</retries>
   *   </healthcheck>
   * </container>
   * }</pre>
   *
   * @since 0.1.0
   */
  @Parameter private Container container;

  /**
   * Skips the goal: no image is built and nothing is attached to the project. {@code -Dimage.skip}
   * (empty or {@code true}) on the command line wins over the POM's value.
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
   * <p>{@code -Dimage.outputDirectory=DIR} on the command line wins over the POM's value; a
   * relative directory resolves against the project directory.
   *
   * @since 0.1.0
   */
  @Parameter(property = "image.outputDirectory", defaultValue = "${project.build.directory}/image")
  private File outputDirectory;

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
   * Builds one image per platform and an OCI image index over them: {@code target/image/oci} is
   * tagged with the index, {@code target/image/digest} is the index's digest, and each platform's
   * own outputs ({@code image.tar}, {@code image.json}, report.html, SBOM, provenance) are in
   * {@code target/image/<os>-<arch>[-<variant>]/}. Takes precedence over {@code <platform>}; one
   * entry is the same as {@code <platform>}. As a property, comma-separated: {@code
   * -Dimage.platforms=linux/amd64,linux/arm64}. See the multi-platform page of the site.
   *
   * <pre>{@code
   * <platforms>
   *   <platform>linux/amd64</platform>
   *   <platform>linux/arm64</platform>
   * </platforms>
   * }</pre>
   *
   * @since 0.1.0
   */
  @Parameter(property = "image.platforms")
  private List<String> platforms;

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

  /**
   * What the built-in stage {@code project} takes from the project: {@code classes} (the default:
   * {@code target/classes}, {@code .class} files to {@code /app/classes} and every other file to
   * {@code /app/resources}), {@code jar} (the packaged jar, to {@code /app/libs}, whose {@code
   * Main-Class} becomes the default main class; runtime dependencies go to {@code /app/libs} either
   * way) or {@code war} (the exploded WAR that maven-war-plugin assembled, to {@code
   * <container><appRoot>}, for a base image whose servlet container runs it: {@code WEB-INF/lib}
   * are the dependencies, the {@code .class} files of {@code WEB-INF/classes} the classes, every
   * other file a resource; no Java entrypoint is made) or {@code spring-boot} (the executable jar
   * that spring-boot-maven-plugin's {@code repackage} made, exploded under {@code /app} one layer
   * per layer of its {@code BOOT-INF/layers.idx}, as {@code java -Djarmode=tools -jar app.jar
   * extract --layers --launcher} lays it out, and run by its {@code Main-Class}, Boot's launcher:
   * {@code java -cp /app org.springframework.boot.loader.launch.JarLauncher}; a jar without a layer
   * index is split as Boot's default index would). Select the stage with {@code
   * <layer><stage>project</stage></layer>}: without a {@code <path>} it gives up to four layers,
   * from least to most often changed (release dependencies, snapshot dependencies, resources,
   * classes), so that a code change rebuilds only the last.
   *
   * <pre>{@code <projectMode>jar</projectMode>}</pre>
   *
   * @since 0.1.0
   */
  @Parameter(property = "image.projectMode", defaultValue = ProjectArtifactsCollector.MODE_CLASSES)
  private String projectMode;

  /**
   * Whether the image gets {@code org.opencontainers.image.*} labels from the POM: {@code title}
   * ({@code <name>}, else the artifactId), {@code version}, {@code revision} (from the first set of
   * the properties {@code git.commit.id.full}, {@code git.commit.id}, {@code buildNumber}, {@code
   * scmRevision}; no command is run), {@code source} ({@code <scm><url>}), {@code url}, {@code
   * vendor} ({@code <organization><name>}), {@code licenses} (the license names joined by " OR ")
   * and {@code created} (the build timestamp, when {@code project.build.outputTimestamp} or {@code
   * SOURCE_DATE_EPOCH} sets one). A label in {@code <container><labels>} wins over these.
   *
   * <pre>{@code <pomLabels>false</pomLabels>}</pre>
   *
   * @since 0.1.0
   */
  @Parameter(property = "image.pomLabels", defaultValue = "true")
  private boolean pomLabels;

  /**
   * The classifier under which {@code digest} (type {@code digest}), {@code image.json} (type
   * {@code json}), the SBOM (type {@code cdx.json}) and the provenance (type {@code intoto.json})
   * are attached to the project, so that {@code mvn deploy} publishes which image a release built
   * and what is in it: {@code <artifactId>-<version>-image.digest}, {@code
   * <artifactId>-<version>-image.json}, {@code -image.cdx.json}, {@code -image.intoto.json}. Give
   * each execution of a project its own classifier; otherwise the last execution's files replace
   * the earlier ones. Empty: nothing is attached. {@code image.skip} attaches nothing.
   *
   * <pre>{@code <classifier>image-debug</classifier>}</pre>
   *
   * @since 0.1.0
   */
  @Parameter(property = "image.classifier", defaultValue = "image")
  private String classifier;

  /**
   * Names this execution's work directory, so that two executions in one project never share one.
   */
  @Parameter(defaultValue = "${mojoExecution}", readonly = true)
  private MojoExecution mojoExecution;

  private final MavenProjectHelper projectHelper;

  @Inject
  public BuildMojo(MavenProjectHelper projectHelper, SettingsDecrypter settingsDecrypter) {
    super(settingsDecrypter);
    this.projectHelper = projectHelper;
  }

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    // A -D on the command line wins even over the POM's element, as a pipeline expects.
    if (skipped()) {
      getLog().info("Skipping the image build (image.skip is true)");
      return;
    }
    translatingFailures(
        () -> {
          // The engine logs the result and ends with the size table.
          MavenBuildLog log = new MavenBuildLog(getLog());
          BuildPlan plan = plan();
          BuildResult result =
              new ImageBuilder(
                      log, registryOptions(plan.to().image(), plan.offline(), log), debianMirror())
                  .build(plan);
          AfterBuild.attach(project, projectHelper, classifier, result, getLog());
          AfterBuild.tidyDebianLock(project, mojoExecution, plan, log);
        });
  }

  /** The {@code <debianMirror>} setting, checked, or {@code null} for none. */
  ArchiveMirror debianMirror() {
    return ArchiveMirror.parse(debianMirror, XmlPath.root("debianMirror")).orElse(null);
  }

  /** Whether {@code image.skip} (the command line's over the POM's) skips the goal. */
  boolean skipped() {
    String skipOverride = session.getUserProperties().getProperty("image.skip");
    // -Dimage.skip (empty) skips; any case of false does not, as Maven's conversion reads it.
    return skipOverride != null ? !skipOverride.strip().equalsIgnoreCase("false") : skip;
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
            target(),
            session.getUserProperties().getProperty("image.outputDirectory") != null
                ? Path.of(session.getUserProperties().getProperty("image.outputDirectory"))
                : outputDirectory.toPath(),
            cacheDirectory.toPath(),
            compression,
            platform,
            outputTimestamp,
            budget,
            checkLibraries,
            ignoreMissingLibraries,
            checkEntrypoint,
            ignoreMissingInterpreters,
            cache,
            isolationMechanism,
            cacheMountsClear,
            cacheMountsWait,
            incremental,
            supplyChain(mojoExecution, basedir, context.executionId()),
            platforms);
    return new PlanFactory(
            context,
            ProjectModel.read(
                project,
                session.getUserProperties(),
                projectMode,
                container == null ? null : container.appRoot(),
                pomLabels))
        .create(input, sharedCacheGiven(), checkoutRoot(basedir));
  }
}
