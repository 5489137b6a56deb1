/**
 * Prune rules (static libraries, package caches, docs, user globs) and the pruner with its savings
 * report. May import {@code fs} and {@code error}.
 */
package dev.imagesmith.prune;
