package org.dmad.tribuo;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import org.dmad.engine.Matrix;
import org.dmad.engine.MedianDistance;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.ModelProvenance;

/**
 * A trained test-only extra detector (see {@link MedianDistanceTrainer}); its serialized form is the generic payload
 * ({@link ModelState}), so it needs no protobuf message of its own.
 */
public final class MedianDistanceModel extends DMADModel {

    private static final long serialVersionUID = 1L;

    private final double[] centre;
    private final int norm;

    MedianDistanceModel(Parts parts, double[] centre, int norm) {
        super(parts);
        this.centre = centre.clone();
        this.norm = norm;
    }

    @Override
    protected double[] scoreStandardized(Matrix rows) {
        return MedianDistance.score(rows, centre, norm);
    }

    @Override
    protected MedianDistanceModel copy(String newName, ModelProvenance newProvenance) {
        return new MedianDistanceModel(parts().renamed(newName, newProvenance), centre, norm);
    }

    @Override
    protected void releaseNative() {}

    @Override
    protected void applyScoringDevice(String device) {}

    @Override
    public ModelProto serialize() {
        return ModelState.write(this, state -> state.doubles("centre", centre).integer("norm", norm));
    }

    /**
     * Reads a model written by {@link #serialize()}; Tribuo's {@code Model.deserialize} finds it by reflection.
     *
     * @param version   the format version.
     * @param className the class name.
     * @param message   the payload.
     * @return the model.
     * @throws InvalidProtocolBufferException when the payload is not a generic dmad payload.
     */
    public static MedianDistanceModel deserializeFromProto(int version, String className, Any message)
            throws InvalidProtocolBufferException {
        return ModelState.read(
                version,
                className,
                message,
                (parts, state) -> new MedianDistanceModel(parts, state.doubles("centre"), state.integer("norm")));
    }
}
