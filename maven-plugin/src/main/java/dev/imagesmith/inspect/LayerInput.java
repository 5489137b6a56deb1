package dev.imagesmith.inspect;

import java.io.IOException;
import java.io.InputStream;

/**
 * One layer to inspect.
 *
 * @param description names the layer in messages ({@code "layer 3 (builder:/install)"})
 * @param added true for a layer this build made: its ELF files are read in full for the library
 *     check; for base layers only the ELF identification is kept
 * @param opener opens the uncompressed tar (the caller verifies digests)
 */
public record LayerInput(String description, boolean added, Opener opener) {
  /** Opens a layer's uncompressed tar stream. */
  @FunctionalInterface
  public interface Opener {
    InputStream open() throws IOException;
  }
}
