/**
 * Step implementations (copy, extract, download, run) and the stage runner. May import {@code fs},
 * {@code plan}, {@code error}.
 */
package dev.imagesmith.stage;
