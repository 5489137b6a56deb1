/**
 * Budgets: compares a finished image with the {@code <budget>} limits and names, for each limit
 * broken, the measured value and the biggest contributors (a {@link
 * dev.imagesmith.report.BudgetViolation}). May import {@code plan}, {@code report} and {@code
 * inspect}.
 */
package dev.imagesmith.budget;
