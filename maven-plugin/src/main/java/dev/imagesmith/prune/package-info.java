/**
 * Pruning a stage after its steps ran: {@link dev.imagesmith.prune.PruneRule}s (built-in families
 * from {@link dev.imagesmith.plan.PruneSpec} and the user's exclude {@link
 * dev.imagesmith.prune.Glob}s), and the {@link dev.imagesmith.prune.Pruner} that applies them in
 * one link-safe walk and reports per rule what it removed and saved. For an incremental stage it
 * moves what it removes aside ({@code Sandbox.moveAside}), so the stage's next run gets it back.
 *
 * <p>May import {@code fs}, {@code plan} and {@code error}; never Maven, Jib or {@code stage}.
 */
package dev.imagesmith.prune;
