package dev.hne.loss;

/** The five training objectives compared in the paper (Sec. 3.2-3.3, Table 1, Fig. 4). */
public enum Objective {
    /** L_I, Eq. 9: every leaf learns the labels on its own. */
    INDEPENDENT("LI"),
    /** L_H, Eq. 10: every nested ensemble y^b learns the labels. */
    HIERARCHICAL("LH"),
    /** L_I + L_H. */
    INDEPENDENT_HIERARCHICAL("LI+LH"),
    /** Standard co-distillation, Eq. 11: (1 - a) L_I + a L_D, every leaf distilled from the full ensemble. */
    CO_DISTILLATION("LI+LD"),
    /** Hierarchical co-distillation, Eq. 12: L_I + L_HD, the nested ensembles b < B distilled from the full one. */
    HIERARCHICAL_DISTILLATION("LI+LHD");

    private final String shortName;

    Objective(String shortName) {
        this.shortName = shortName;
    }

    /** The paper's notation: LI, LH, LI+LH, LI+LD, LI+LHD (also accepted by {@link #parse}). */
    public String shortName() {
        return shortName;
    }

    public static Objective parse(String s) {
        for (Objective o : values()) {
            if (o.shortName.equalsIgnoreCase(s) || o.name().equalsIgnoreCase(s.replace('-', '_'))) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown objective '" + s + "'; use LI, LH, LI+LH, LI+LD or LI+LHD");
    }
}
