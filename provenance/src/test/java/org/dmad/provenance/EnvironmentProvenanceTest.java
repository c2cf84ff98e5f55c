package org.dmad.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentProvenanceTest {

    @Test
    void factsCoverEveryKeyAndRoundTripThroughProvenance() {
        Map<String, String> facts = EnvironmentProvenance.facts("PASSIVE");
        assertEquals(EnvironmentProvenance.KEYS, java.util.List.copyOf(facts.keySet()));
        assertEquals("PASSIVE", facts.get(EnvironmentProvenance.OMP_WAIT_POLICY));
        assertEquals(System.getProperty("java.version"), facts.get(EnvironmentProvenance.JAVA_VERSION));
        assertNotEquals("unknown", facts.get(EnvironmentProvenance.DMAD_VERSION));
        // Run from a git checkout (the module folder's parent holds .git), the commit is known: 40 hex digits.
        String commit = facts.get(EnvironmentProvenance.GIT_COMMIT);
        if (java.nio.file.Files.isDirectory(java.nio.file.Path.of("..", ".git"))) {
            org.junit.jupiter.api.Assertions.assertTrue(commit.matches("[0-9a-f]{40}"), commit);
        }
        Map<String, Provenance> prov = EnvironmentProvenance.toProvenance(facts);
        assertEquals(facts, EnvironmentProvenance.fromProvenance(prov));
    }

    @Test
    void jsonThatIsNotProvenanceIsRejectedWithAMessage() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ProvenanceJson.fromJson(
                        "{\"hello\": 1}", com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance.class));
        org.junit.jupiter.api.Assertions.assertTrue(
                e.getMessage().startsWith("Not a provenance record"), e.getMessage());
    }
}
