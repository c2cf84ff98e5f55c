package org.dmad.tribuo.data;

import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import com.oracle.labs.mlrg.olcut.provenance.impl.SkeletalConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DateTimeProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.HashProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.tribuo.provenance.ConfiguredDataSourceProvenance;

/**
 * Provenance of a data source that reads one file ({@link NpzDataSource}, {@link LabelledCSVDataSource}): the
 * source's configuration (its {@code @Config} fields, so OLCUT can rebuild it), when the source was created, and the
 * file's modification time and SHA-256, so a model's provenance says exactly which bytes it was trained on.
 */
public final class DataFileProvenance extends SkeletalConfiguredObjectProvenance
        implements ConfiguredDataSourceProvenance {

    private static final long serialVersionUID = 1L;

    private final DateTimeProvenance creationTime;
    private final DateTimeProvenance modifiedTime;
    private final HashProvenance sha256;

    /**
     * Records a source and its file.
     *
     * @param host the data source.
     * @param file the file it read.
     * @param <T>  the source type.
     * @throws IOException when the file's modification time cannot be read.
     */
    <T extends Configurable> DataFileProvenance(T host, Path file) throws IOException {
        super(host, "DataSource");
        this.creationTime = new DateTimeProvenance(DATASOURCE_CREATION_TIME, OffsetDateTime.now());
        this.modifiedTime = new DateTimeProvenance(
                FILE_MODIFIED_TIME,
                OffsetDateTime.ofInstant(Files.getLastModifiedTime(file).toInstant(), ZoneId.systemDefault()));
        this.sha256 = new HashProvenance(
                ProvenanceUtil.HashType.SHA256,
                RESOURCE_HASH,
                ProvenanceUtil.hashResource(ProvenanceUtil.HashType.SHA256, file));
    }

    /**
     * Rebuilds the provenance from its marshalled form (OLCUT's deserialisation calls this).
     *
     * @param map the provenance values by key.
     */
    public DataFileProvenance(Map<String, Provenance> map) {
        this(extract(map));
    }

    private DataFileProvenance(ExtractedInfo info) {
        super(info);
        this.creationTime = (DateTimeProvenance) info.instanceValues.get(DATASOURCE_CREATION_TIME);
        this.modifiedTime = (DateTimeProvenance) info.instanceValues.get(FILE_MODIFIED_TIME);
        this.sha256 = (HashProvenance) info.instanceValues.get(RESOURCE_HASH);
    }

    private static ExtractedInfo extract(Map<String, Provenance> map) {
        Map<String, Provenance> configured = new HashMap<>(map);
        String who = DataFileProvenance.class.getSimpleName();
        String className = ObjectProvenance.checkAndExtractProvenance(
                        configured, CLASS_NAME, StringProvenance.class, who)
                .getValue();
        String hostName = ObjectProvenance.checkAndExtractProvenance(
                        configured, HOST_SHORT_NAME, StringProvenance.class, who)
                .getValue();
        Map<String, PrimitiveProvenance<?>> instance = new HashMap<>();
        instance.put(
                DATASOURCE_CREATION_TIME,
                ObjectProvenance.checkAndExtractProvenance(
                        configured, DATASOURCE_CREATION_TIME, DateTimeProvenance.class, who));
        instance.put(
                FILE_MODIFIED_TIME,
                ObjectProvenance.checkAndExtractProvenance(
                        configured, FILE_MODIFIED_TIME, DateTimeProvenance.class, who));
        instance.put(
                RESOURCE_HASH,
                ObjectProvenance.checkAndExtractProvenance(configured, RESOURCE_HASH, HashProvenance.class, who));
        return new ExtractedInfo(className, hostName, configured, instance);
    }

    /** @return the SHA-256 of the file, in hexadecimal. */
    public String getSha256() {
        return sha256.getValue();
    }

    @Override
    public Map<String, PrimitiveProvenance<?>> getInstanceValues() {
        Map<String, PrimitiveProvenance<?>> out = super.getInstanceValues();
        out.put(creationTime.getKey(), creationTime);
        out.put(modifiedTime.getKey(), modifiedTime);
        out.put(sha256.getKey(), sha256);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataFileProvenance p
                && super.equals(o)
                && creationTime.equals(p.creationTime)
                && modifiedTime.equals(p.modifiedTime)
                && sha256.equals(p.sha256);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), creationTime, modifiedTime, sha256);
    }
}
