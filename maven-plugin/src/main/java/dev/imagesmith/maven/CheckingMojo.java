package dev.imagesmith.maven;

import java.util.List;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * The parameters of the checks {@code image:build} runs on the finished image: the budget, the
 * library and interpreter check with its exceptions, and the entrypoint check (see package {@code
 * dev.imagesmith.libcheck}).
 */
public abstract class CheckingMojo extends CachingMojo {
  /**
   * Limits the finished image must stay within; breaking one fails the build after {@code
   * report.html} is written, naming the limit, the measured value and the biggest contributors.
   * Each limit is optional. Sizes take decimal ({@code kB}, {@code MB}, {@code GB}: powers of 1000)
   * or binary ({@code KiB}, {@code MiB}, {@code GiB}) units. {@code maxSize} is the uncompressed
   * size (the sum of the layer tars), {@code maxCompressedSize} what a pull downloads, {@code
   * maxLayers} counts the base's layers too, {@code maxWastedBytes} counts files hidden by later
   * layers and files whose content a lower layer already ships. Set it once in a parent POM's
   * {@code <pluginManagement>}: children inherit it and may override single limits.
   *
   * <pre>{@code
   * <budget>
   *   <maxSize>120MB</maxSize>
   *   <maxLayers>10</maxLayers>
   *   <maxWastedBytes>5MB</maxWastedBytes>
   * </budget>
   * }</pre>
   *
   * @since 0.1.0
   */
  @Parameter protected Budget budget;

  /**
   * Checks that every ELF executable and shared library in the layers this build adds finds each
   * library it needs (DT_NEEDED) and its program interpreter inside the final image, searching as
   * the dynamic loader does: RPATH/RUNPATH with {@code $ORIGIN}, the image's {@code
   * LD_LIBRARY_PATH}, {@code /etc/ld.so.conf} and the default directories, with the right ELF class
   * and machine. A missing library fails the build, naming the file and the library and the fix:
   * the search path when the image has it elsewhere, the layer when a stage has it, the Debian
   * package when the build installs from a Debian repository. Static binaries pass; a JVM's own
   * {@code libjvm.so} is recognised. It also checks that each executable script of those layers
   * finds its {@code #!} interpreter (see {@code ignoreMissingInterpreters}).
   *
   * <pre>{@code <checkLibraries>false</checkLibraries>}</pre>
   *
   * @since 0.1.0
   */
  @Parameter(property = "image.checkLibraries", defaultValue = "true")
  protected boolean checkLibraries;

  /**
   * Missing libraries that may pass the library check: a pattern without {@code /} matches the
   * library's name ({@code *} and {@code ?}), for libraries the host provides at run time; a
   * pattern with {@code /} is an Ant-style glob over the path of the file that needs them.
   *
   * <pre>{@code
   * <ignoreMissingLibraries>
   *   <ignoreMissingLibrary>libcuda.so.*</ignoreMissingLibrary>
   *   <ignoreMissingLibrary>/opt/app/plugins/**</ignoreMissingLibrary>
   * </ignoreMissingLibraries>
   * }</pre>
   *
   * @since 0.1.0
   */
  @Parameter protected List<String> ignoreMissingLibraries;

  /**
   * Checks that the image can start the program its config names: the first word of the entrypoint
   * (or, without one, of the cmd) must be in the image, as an absolute path or a name on the
   * config's {@code PATH} (the default Java entrypoint's {@code java} too), be executable by the
   * config's user, and be an ELF program or a script whose {@code #!} interpreter is in the image.
   * A failure names the program, what is wrong and how to fix it; an image without entrypoint and
   * cmd passes. Switch it off for images that are never started as they are:
   *
   * <pre>{@code <checkEntrypoint>false</checkEntrypoint>}</pre>
   *
   * @since 0.1.0
   */
  @Parameter(property = "image.checkEntrypoint", defaultValue = "true")
  protected boolean checkEntrypoint;

  /**
   * Missing script interpreters that may pass the library check, which also checks that each
   * executable script in the layers this build adds finds its {@code #!} interpreter: a pattern
   * without {@code /} matches the interpreter's name ({@code perl}, also for {@code #!/usr/bin/env
   * perl}); a pattern with {@code /} is an Ant-style glob over the path of the script.
   *
   * <pre>{@code
   * <ignoreMissingInterpreters>
   *   <ignoreMissingInterpreter>perl</ignoreMissingInterpreter>
   *   <ignoreMissingInterpreter>/opt/app/contrib/**</ignoreMissingInterpreter>
   * </ignoreMissingInterpreters>
   * }</pre>
   *
   * @since 0.1.0
   */
  @Parameter protected List<String> ignoreMissingInterpreters;

  protected CheckingMojo(SettingsDecrypter settingsDecrypter) {
    super(settingsDecrypter);
  }
}
