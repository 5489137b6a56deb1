package dev.imagesmith.maven;

import java.nio.file.Path;
import java.util.List;

/**
 * The plugin's configuration as Maven's configurator filled it in: nothing validated yet, any
 * element may be {@code null}.
 *
 * @param fromWhere how messages name where {@code from} came from ({@code <from>} or the property)
 * @param outputTimestamp {@code ${project.build.outputTimestamp}}, {@code null} if unset
 * @param budget {@code <budget>}, {@code null} if absent
 * @param ignoreMissingLibraries {@code <ignoreMissingLibraries>}, {@code null} if absent
 * @param ignoreMissingInterpreters {@code <ignoreMissingInterpreters>}, {@code null} if absent
 * @param isolationMechanism {@code image.isolation.mechanism}, {@code null} for {@code auto}
 * @param cacheMountsClear {@code image.cacheMounts.clear}
 * @param cacheMountsWait {@code image.cacheMounts.wait}, {@code null} for the default
 * @param platforms {@code <platforms>} or {@code image.platforms}, {@code null} if absent
 * @param incremental {@code image.incremental}: {@code false} runs incremental stages from scratch
 */
record PlanInput(
    String from,
    String fromWhere,
    List<Stage> stages,
    List<Layer> layers,
    Container container,
    To to,
    Path outputDirectory,
    Path cacheDirectory,
    String compression,
    String platform,
    String outputTimestamp,
    Budget budget,
    boolean checkLibraries,
    List<String> ignoreMissingLibraries,
    boolean checkEntrypoint,
    List<String> ignoreMissingInterpreters,
    boolean cache,
    String isolationMechanism,
    boolean cacheMountsClear,
    String cacheMountsWait,
    boolean incremental,
    dev.imagesmith.plan.SupplyChainSpec supplyChain,
    List<String> platforms) {}
