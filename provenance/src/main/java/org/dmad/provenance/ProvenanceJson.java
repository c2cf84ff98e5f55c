package org.dmad.provenance;

import com.oracle.labs.mlrg.olcut.config.json.JsonProvenanceSerialization;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.io.ProvenanceSerializationException;

/**
 * JSON round trip of provenance objects (a Tribuo {@code ModelProvenance}, a trainer provenance, ...) through
 * OLCUT's own JSON provenance serialization, so that the files dmad writes are the ones Tribuo tools read.
 */
public final class ProvenanceJson {

    private static final JsonProvenanceSerialization SERIALIZER = new JsonProvenanceSerialization(true);

    private ProvenanceJson() {}

    /**
     * Writes a provenance object as indented JSON.
     *
     * @param provenance the provenance.
     * @return the JSON text.
     */
    public static String toJson(ObjectProvenance provenance) {
        return SERIALIZER.marshalAndSerialize(provenance);
    }

    /**
     * Reads a provenance object from JSON written by {@link #toJson(ObjectProvenance)}.
     *
     * @param json the JSON text.
     * @param type the expected provenance class.
     * @param <P>  the provenance type.
     * @return the provenance object.
     * @throws IllegalArgumentException when the text is not a provenance record of that type.
     */
    public static <P extends ObjectProvenance> P fromJson(String json, Class<P> type) {
        ObjectProvenance p;
        try {
            p = SERIALIZER.deserializeAndUnmarshal(json);
        } catch (ProvenanceSerializationException | RuntimeException e) {
            throw new IllegalArgumentException("Not a provenance record: " + e.getMessage(), e);
        }
        if (!type.isInstance(p)) {
            throw new IllegalArgumentException("Expected a " + type.getSimpleName() + " provenance record but found "
                    + (p == null ? "nothing" : p.getClass().getSimpleName()));
        }
        return type.cast(p);
    }
}
