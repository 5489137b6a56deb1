package dev.imagesmith.maven;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.image.Digest;
import dev.imagesmith.io.UntrustedFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The {@code digest} file {@code image:build} writes last, read by the goals that act on the built
 * image: as a small regular file, never through a link (a link planted there would make the goal
 * quote or push whatever it points to).
 */
final class DigestFile {
  private static final int MAX_BYTES = 1024;

  private DigestFile() {}

  /**
   * @param goal the goal reading it, as errors name it ({@code image:push})
   * @param whenMissing what to do when there is no such file, after "FILE is missing: "
   */
  static Digest read(Path file, String goal, String whenMissing) throws IOException {
    UntrustedFiles files =
        UntrustedFiles.inside(
            goal, "delete it and run image:build again (mvn clean package, for one)");
    try {
      byte[] text = files.read(file, MAX_BYTES);
      return Digest.parse(new String(text, StandardCharsets.UTF_8).strip(), file.toString());
    } catch (NoSuchFileException e) {
      throw new UserInputException(file + " is missing: " + whenMissing);
    }
  }
}
