package dev.imagesmith.plan;

import dev.imagesmith.error.UserInputException;
import java.nio.file.Path;

/**
 * Where an image (the final image or a stage) starts from: {@code scratch}, {@code oci:DIR[:tag]},
 * {@code docker-archive:FILE} or a registry reference.
 */
public sealed interface BaseSpec {
  /** The configuration text this was parsed from, for messages and image.json. */
  String text();

  /** No base: an empty filesystem and a default config. */
  record Scratch() implements BaseSpec {
    @Override
    public String text() {
      return "scratch";
    }
  }

  /** An OCI image layout directory; without a tag the layout must hold exactly one image. */
  record OciLayout(Path directory, String tag, String text) implements BaseSpec {}

  /** A {@code docker save} tarball (docker-archive); its only image is taken. */
  record DockerArchive(Path file, String text) implements BaseSpec {}

  /** An image in a registry, for example {@code registry.example.org/team/base:1}. */
  record Registry(String reference) implements BaseSpec {
    @Override
    public String text() {
      return reference;
    }
  }

  /**
   * Parses a {@code <from>} value. Relative paths are resolved against {@code basedir}.
   *
   * @param where the XML path of the value, named in the error message
   */
  static BaseSpec parse(String text, Path basedir, String where) {
    if (text == null || text.isBlank()) {
      throw new UserInputException(
          where
              + " is empty: use scratch, oci:DIR[:tag], docker-archive:FILE or a registry reference");
    }
    String value = text.trim();
    if (value.equals("scratch")) {
      return new Scratch();
    }
    if (value.startsWith("oci:")) {
      String rest = value.substring("oci:".length());
      String tag = null;
      int colon = rest.lastIndexOf(':');
      if (colon >= 0 && rest.indexOf('/', colon) < 0) {
        tag = rest.substring(colon + 1);
        rest = rest.substring(0, colon);
        if (tag.isEmpty()) {
          throw new UserInputException(
              where + " '" + value + "' has an empty tag: write oci:DIR or oci:DIR:TAG");
        }
      }
      if (rest.isEmpty()) {
        throw new UserInputException(
            where + " '" + value + "' names no directory: write oci:DIR or oci:DIR:TAG");
      }
      return new OciLayout(basedir.resolve(rest).normalize(), tag, value);
    }
    if (value.startsWith("docker-archive:")) {
      String file = value.substring("docker-archive:".length());
      if (file.isEmpty()) {
        throw new UserInputException(
            where + " '" + value + "' names no file: write docker-archive:FILE");
      }
      return new DockerArchive(basedir.resolve(file).normalize(), value);
    }
    if (!ImageReference.isValid(value)) {
      throw new UserInputException(
          where
              + " '"
              + value
              + "' is not a base image: use scratch, oci:DIR[:tag], docker-archive:FILE or a"
              + " registry reference such as registry.example.org/team/base:1");
    }
    return new Registry(value);
  }
}
