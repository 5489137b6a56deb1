package dev.imagesmith.inspect;

/**
 * A visible regular file whose content a lower layer already ships at {@code original}: the same
 * bytes stored twice.
 */
public record DuplicateFile(ImageFile file, ImageFile original) {}
