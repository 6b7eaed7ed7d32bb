package dev.hne.loss;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * {@link LossConfig}'s validation boundaries (T > 0, alpha in [0, 1], both ends included), the term
 * weights of each loss definition (written out by hand from the formulas in LossConfig's javadoc),
 * and how checkpoint metadata reads back, old checkpoints included. (Issue 19, item 4.)
 */
class LossConfigTest {

    private static LossConfig ihd(float t, float alpha) {
        return new LossConfig(Objective.HIERARCHICAL_DISTILLATION, t, alpha, SoftScale.NONE,
                LossConfig.Definition.ALPHA_WEIGHTED);
    }

    @ParameterizedTest
    @ValueSource(floats = {0f, -1f, Float.NaN, -0f})
    void temperatureMustBePositive(float t) {
        assertThrows(IllegalArgumentException.class, () -> ihd(t, 0.5f));
    }

    @ParameterizedTest
    @ValueSource(floats = {-0.01f, 1.01f, Float.NaN, Float.POSITIVE_INFINITY})
    void alphaOutsideTheUnitIntervalIsRefused(float alpha) {
        assertThrows(IllegalArgumentException.class, () -> ihd(2f, alpha));
    }

    @ParameterizedTest
    @ValueSource(floats = {0f, 1f, 0.75f})
    void alphaAtBothEndsIsAllowed(float alpha) {
        assertDoesNotThrow(() -> ihd(2f, alpha));
    }

    @Test
    void smallPositiveTemperatureIsAllowed() {
        assertDoesNotThrow(() -> ihd(Float.MIN_VALUE, 0.5f));
    }

    @Test
    void termWeightsPerDefinition() {
        // paper's (hne-loss/2): (1 - a) L_I + a L_HD, a = 0.75 -> 0.25 and 0.75
        LossConfig paper = ihd(2f, 0.75f);
        assertEquals(0.25f, paper.hardWeight());
        assertEquals(0.75f, paper.distillationWeight());
        // old (hne-loss/1) hierarchical: L_I + L_HD, alpha ignored -> 1 and 1
        LossConfig old = new LossConfig(Objective.HIERARCHICAL_DISTILLATION, 2f, 0.75f, SoftScale.T_SQUARED,
                LossConfig.Definition.SUMMED);
        assertEquals(1f, old.hardWeight());
        assertEquals(1f, old.distillationWeight());
        // old co-distillation was already (1 - a) L_I + a L_D -> 0.75 and 0.25 for a = 0.25
        LossConfig oldCo = new LossConfig(Objective.CO_DISTILLATION, 2f, 0.25f, SoftScale.T_SQUARED,
                LossConfig.Definition.SUMMED);
        assertEquals(0.75f, oldCo.hardWeight());
        assertEquals(0.25f, oldCo.distillationWeight());
    }

    @Test
    void describeNamesTheWeightsAndTheSoftScale() {
        assertEquals("LI+LHD = 0.25 L_I + 0.75 L_HD (T = 2, soft scale none)", ihd(2f, 0.75f).describe());
        assertEquals("LI+LD = 0.5 L_I + 0.5 L_D (T = 3, soft scale t2)",
                LossConfig.of(Objective.CO_DISTILLATION).withTemperature(3f).withSoftScale(SoftScale.T_SQUARED).describe());
        assertEquals("LI", LossConfig.of(Objective.INDEPENDENT).describe());
    }

    @Test
    void metadataWithoutADefinitionIsAnOldCheckpoint() {
        LossConfig c = LossConfig.fromMetadata(Objective.HIERARCHICAL_DISTILLATION, Map.of("alpha", "0.25", "temperature", "3"));
        assertEquals(LossConfig.Definition.SUMMED, c.definition());
        assertEquals(SoftScale.T_SQUARED, c.softScale());
        assertEquals(0.25f, c.alpha());
        assertEquals(3f, c.temperature());
    }

    @Test
    void metadataRoundTripsANewDefinition() {
        LossConfig c = ihd(4f, 0.6f).withSoftScale(SoftScale.T_SQUARED);
        Map<String, String> m = new java.util.HashMap<>(c.definitionMetadata());
        m.put("alpha", Float.toString(c.alpha()));
        m.put("temperature", Float.toString(c.temperature()));
        assertEquals(c, LossConfig.fromMetadata(Objective.HIERARCHICAL_DISTILLATION, m));
        assertEquals("hne-loss/2", m.get(LossConfig.DEFINITION_KEY));
        assertEquals("t2", m.get(LossConfig.SOFT_SCALE_KEY));
    }

    @Test
    void unreadableMetadataIsAnIllegalArgument() {
        assertThrows(IllegalArgumentException.class,
                () -> LossConfig.fromMetadata(Objective.INDEPENDENT, Map.of("alpha", "half", LossConfig.DEFINITION_KEY, "hne-loss/2", LossConfig.SOFT_SCALE_KEY, "none")));
        assertThrows(IllegalArgumentException.class,
                () -> LossConfig.fromMetadata(Objective.INDEPENDENT, Map.of(LossConfig.DEFINITION_KEY, "hne-loss/9", LossConfig.SOFT_SCALE_KEY, "none")));
        assertThrows(IllegalArgumentException.class,
                () -> LossConfig.fromMetadata(Objective.INDEPENDENT, Map.of(LossConfig.DEFINITION_KEY, "hne-loss/2", LossConfig.SOFT_SCALE_KEY, "t3")));
    }
}
