package dev.imagesmith.image;

/**
 * One entry of an image config's {@code history}.
 *
 * @param created RFC 3339 time or {@code null}
 * @param createdBy the command that made the layer, or {@code null}
 * @param author may be {@code null}
 * @param comment may be {@code null}
 * @param emptyLayer whether this entry made no layer (ENV, LABEL...), so it has no diffID
 */
public record History(
    String created, String createdBy, String author, String comment, boolean emptyLayer) {

  /** An entry for a step that produced a layer. */
  public static History layer(String created, String createdBy) {
    return new History(created, createdBy, null, null, false);
  }

  /** An entry for a step that only changed the config. */
  public static History emptyLayer(String created, String createdBy) {
    return new History(created, createdBy, null, null, true);
  }
}
