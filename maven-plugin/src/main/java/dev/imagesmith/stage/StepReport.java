package dev.imagesmith.stage;

/**
 * How one step went.
 *
 * @param kind {@code copy}, {@code extract}, {@code download} or {@code run}
 * @param where the step's XML path
 * @param seconds wall-clock time the step took
 */
public record StepReport(String kind, String where, double seconds) {}
