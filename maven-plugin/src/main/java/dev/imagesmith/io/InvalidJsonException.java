package dev.imagesmith.io;

import java.io.IOException;

/**
 * A document that is not one valid JSON value. Its message never holds a byte of the document:
 * Jackson's own messages quote the offending token (up to 256 characters of it), and the document
 * may be a secret (a token file linked where JSON was expected, a registry's token answer). It says
 * what kind of error and where (line, column); {@link #excerpt()} gives a short escaped excerpt
 * around that place for callers whose documents are no secret.
 */
public final class InvalidJsonException extends IOException {
  private final String excerpt;

  /** No cause is kept: Jackson's exception would carry the quoted token into a stack trace. */
  InvalidJsonException(String problem, long line, long column, String excerpt) {
    super(problem + (line > 0 ? " at line " + line + ", column " + column : ""));
    this.excerpt = excerpt;
  }

  /** At most {@value Excerpt#CONTENT} escaped bytes of the document near the error, quoted. */
  public String excerpt() {
    return excerpt;
  }
}
