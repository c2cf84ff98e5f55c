package org.dmad.tribuo;

import com.google.protobuf.ByteString;
import java.io.Serializable;
import java.util.Locale;
import org.dmad.engine.DenoiserNetwork;
import org.dmad.engine.NetworkHandle;
import org.dmad.engine.NoiseSchedule;
import org.dmad.tribuo.protos.DenoiserProto;

/**
 * A trained denoiser as the DDPM, DDIM and denoising-likelihood models keep it: the network, the noise schedule it
 * was trained with, what the training did (epochs actually run after early stopping, the batch used, the final
 * loss) and the contamination share of the model's threshold. Shared by the models and their protobuf forms.
 *
 * @param network       the trained network (a {@link DenoiserNetwork}).
 * @param scheduleType  the schedule family.
 * @param timesteps     T.
 * @param epochsRun     epochs run; fewer than configured when early stopping ended the training.
 * @param batchSize     the batch the training used (smaller than configured for a small training set).
 * @param finalLoss     the last epoch's mean loss.
 * @param contamination the share of anomalies the threshold assumes.
 */
public record DenoiserFit(
        NetworkHandle network,
        NoiseSchedule.Type scheduleType,
        int timesteps,
        int epochsRun,
        int batchSize,
        double finalLoss,
        double contamination)
        implements Serializable {

    /**
     * The noise schedule.
     *
     * @return a new schedule of the recorded family and length.
     */
    public NoiseSchedule schedule() {
        return NoiseSchedule.of(scheduleType, timesteps);
    }

    /**
     * The same fit with its own native state.
     *
     * @return the copy.
     */
    public DenoiserFit copy() {
        return new DenoiserFit(network.copy(), scheduleType, timesteps, epochsRun, batchSize, finalLoss, contamination);
    }

    /**
     * A summary for {@code toString}.
     *
     * @return e.g. "timesteps=1000,schedule=linear,epochsRun=57,batchSize=64".
     */
    public String summary() {
        return "timesteps=" + timesteps + ",schedule=" + scheduleType.name().toLowerCase(Locale.ROOT) + ",epochsRun="
                + epochsRun + ",batchSize=" + batchSize;
    }

    DenoiserProto toProto() {
        DenoiserNetwork spec = (DenoiserNetwork) network.spec();
        return DenoiserProto.newBuilder()
                .setInputs(spec.inputs())
                .setWidth(spec.width())
                .setHiddenSize(spec.hiddenSize())
                .setEmbeddingSize(spec.embeddingSize())
                .setResidualBlocks(spec.residualBlocks())
                .setDropoutFirst(spec.dropoutFirst())
                .setDropoutSecond(spec.dropoutSecond())
                .setParameters(ByteString.copyFrom(network.parameters()))
                .setDevice(network.deviceSetting())
                .setSchedule(scheduleType.name().toLowerCase(Locale.ROOT))
                .setTimesteps(timesteps)
                .setEpochsRun(epochsRun)
                .setBatchSize(batchSize)
                .setFinalLoss(finalLoss)
                .setContamination(contamination)
                .build();
    }

    static DenoiserFit fromProto(DenoiserProto p) {
        DenoiserNetwork spec = new DenoiserNetwork(
                p.getInputs(),
                p.getWidth(),
                p.getHiddenSize(),
                p.getEmbeddingSize(),
                p.getResidualBlocks(),
                p.getDropoutFirst(),
                p.getDropoutSecond());
        return new DenoiserFit(
                new NetworkHandle(spec, p.getParameters().toByteArray(), p.getDevice()),
                NoiseSchedule.Type.parse(p.getSchedule()),
                p.getTimesteps(),
                p.getEpochsRun(),
                p.getBatchSize(),
                p.getFinalLoss(),
                p.getContamination());
    }
}
