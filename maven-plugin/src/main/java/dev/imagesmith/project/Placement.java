package dev.imagesmith.project;

import java.nio.file.Path;

/**
 * A file of the project and where it goes.
 *
 * @param part the label of the part (the layer) it belongs to: a {@link ProjectPart#label()}, or a
 *     Spring Boot layer's name
 * @param source the host file (or symlink, copied as a link)
 * @param imagePath its path in the image
 * @param partRoot the directory that holds the part's files ({@code /app/classes}): the path its
 *     layer names when every file of the part is under the same one
 */
record Placement(String part, Path source, String imagePath, String partRoot) {}
