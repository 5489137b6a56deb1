/**
 * Size tables and image.json. May import {@code image}, {@code prune}, {@code plan}, {@code io}.
 */
package dev.imagesmith.report;
