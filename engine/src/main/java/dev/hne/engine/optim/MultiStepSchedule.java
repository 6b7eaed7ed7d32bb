package dev.hne.engine.optim;

import java.util.Arrays;

/**
 * Step decay at fixed epochs, as PyTorch's {@code MultiStepLR(milestones, gamma)}: the rate is
 * {@code baseLr * gamma^k}, where k counts the milestones m with {@code m <= epoch}. So the new rate
 * applies from the first iteration of epoch m on, and the last iteration of epoch m-1 still has
 * the old one. Example, the ImageNet recipe that halves at 60, 90, 110, 125, 135 and 145:
 * {@code new MultiStepSchedule(0.1, new int[] {60, 90, 110, 125, 135, 145}, 0.5)}.
 *
 * <p>Not a record, because it holds an array: it copies the milestones in and out.
 */
public final class MultiStepSchedule implements LrSchedule {

    private final double baseLr;
    private final int[] milestones; // strictly increasing, each > 0
    private final double gamma;

    /**
     * @param baseLr     the rate before the first milestone, finite and >= 0
     * @param milestones epochs at which the rate is multiplied by gamma; strictly increasing, > 0
     * @param gamma      the factor per milestone, finite and > 0 (0.1 for tenfold, 0.5 for halving)
     */
    public MultiStepSchedule(double baseLr, int[] milestones, double gamma) {
        this.baseLr = ScheduleArgs.rate("MultiStepSchedule", "baseLr", baseLr);
        this.gamma = ScheduleArgs.positive("MultiStepSchedule", "gamma", gamma);
        if (milestones == null) {
            throw new IllegalArgumentException("MultiStepSchedule: milestones must not be null");
        }
        for (int i = 0; i < milestones.length; i++) {
            if (milestones[i] <= 0) {
                throw new IllegalArgumentException("MultiStepSchedule: milestones must be > 0, got " + milestones[i]
                        + " in " + Arrays.toString(milestones));
            }
            if (i > 0 && milestones[i] <= milestones[i - 1]) {
                throw new IllegalArgumentException("MultiStepSchedule: milestones must be strictly increasing, got "
                        + milestones[i] + " after " + milestones[i - 1] + " in " + Arrays.toString(milestones));
            }
        }
        this.milestones = milestones.clone();
    }

    public double baseLr() {
        return baseLr;
    }

    public int[] milestones() {
        return milestones.clone();
    }

    public double gamma() {
        return gamma;
    }

    @Override
    public double at(double epoch) {
        ScheduleArgs.epoch("MultiStepSchedule", epoch);
        double lr = baseLr;
        for (int milestone : milestones) {
            if (milestone > epoch) {
                break;
            }
            lr *= gamma; // repeated multiplication, as PyTorch's chained form does
        }
        return lr;
    }

    @Override
    public String toString() {
        return "MultiStepSchedule[baseLr=" + baseLr + ", milestones=" + Arrays.toString(milestones) + ", gamma=" + gamma + "]";
    }
}
