/** Size tables and image.json. May import {@code image}, {@code prune}, {@code plan}. */
package dev.imagesmith.report;
