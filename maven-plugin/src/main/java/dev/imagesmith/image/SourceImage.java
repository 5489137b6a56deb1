package dev.imagesmith.image;

import dev.imagesmith.error.UserInputException;
import java.util.List;

/**
 * A base image read from an OCI layout, a docker-archive or a registry: manifest, config and layers
 * in manifest order. Manifest and config bytes were verified when read; layer bytes are verified
 * whenever they are opened.
 *
 * @param name the image as the user named it, for messages ({@code oci:/path:tag})
 * @param manifestDescriptor descriptor of the manifest (synthesised for a docker-archive)
 */
public record SourceImage(
    String name,
    Descriptor manifestDescriptor,
    Manifest manifest,
    ImageConfig config,
    List<SourceLayer> layers) {
  public SourceImage {
    layers = List.copyOf(layers);
    if (config.diffIds().size() != layers.size()) {
      throw new UserInputException(
          name
              + ": the config lists "
              + config.diffIds().size()
              + " diff_ids but the manifest has "
              + layers.size()
              + " layers; the image is broken");
    }
  }

  /**
   * Checks that the image was built for {@code wanted}.
   *
   * @throws UserInputException naming both platforms
   */
  public SourceImage requirePlatform(Platform wanted) {
    if (!wanted.matches(config.platform())) {
      throw new UserInputException(
          name
              + " is an image for "
              + config.platform()
              + ", not for the requested platform "
              + wanted
              + "; set the platform to "
              + config.platform()
              + " or choose a base image for "
              + wanted);
    }
    return this;
  }
}
