package dev.hne.cost;

/** One line of the cost table: evaluating the first {@code models} leaves costs {@code cost}. */
public record CostRow(int models, Cost cost) {}
