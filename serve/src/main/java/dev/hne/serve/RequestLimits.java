package dev.hne.serve;

import java.util.Locale;

/**
 * What one request asks for, before the server adds its own limits: a deadline (milliseconds from
 * its arrival, queueing included), a budget (MMACs per image) and/or a number of members (stages).
 * Absent fields are null.
 *
 * <p>The budget and the member count become one cap, {@link #maxStage}: the deepest stage whose
 * cumulative cost fits the budget and does not pass the member count. The deadline is applied
 * stage by stage while the batch runs ({@link AnytimeScheduler}), since whether the next stage fits
 * depends on the time measured so far.
 */
public record RequestLimits(Double deadlineMs, Double budgetMmacs, Integer members) {

    public static final RequestLimits NONE = new RequestLimits(null, null, null);

    public RequestLimits {
        if (deadlineMs != null && !(deadlineMs > 0 && deadlineMs < 1e9)) {
            throw new BadRequest("deadline_ms must be a positive number of milliseconds, got " + deadlineMs);
        }
        if (budgetMmacs != null && !(budgetMmacs > 0 && budgetMmacs < 1e12)) {
            throw new BadRequest("budget_mmacs must be a positive number, got " + budgetMmacs);
        }
        if (members != null && members < 1) {
            throw new BadRequest("members must be at least 1, got " + members);
        }
    }

    /**
     * The deepest stage this request may reach, 1..stages.
     *
     * @param cost cumulative MMACs per image at the end of stage s, at [s - 1]
     */
    public int maxStage(double[] cost) {
        int stages = cost.length;
        if (members != null && members > stages) {
            throw new BadRequest("members " + members + " is more than the model's " + stages);
        }
        int cap = members != null ? members : stages;
        if (budgetMmacs != null) {
            if (budgetMmacs < cost[0]) {
                throw new BadRequest(String.format(Locale.ROOT,
                        "budget_mmacs %s is below the first stage's cost, %.4f MMACs", budgetMmacs, cost[0]));
            }
            int fits = 1;
            while (fits < stages && cost[fits] <= budgetMmacs) fits++;
            cap = Math.min(cap, fits);
        }
        return cap;
    }

    /** This request's deadline, or the server's default one (0 = none) when it gave none. */
    public RequestLimits withDefaultDeadline(double defaultMs) {
        return deadlineMs != null || defaultMs <= 0 ? this : new RequestLimits(defaultMs, budgetMmacs, members);
    }
}
