package org.dmad.evaluation.cli;

import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dmad.evaluation.harness.ModelStore;
import org.dmad.provenance.ProvenanceJson;
import org.tribuo.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dmad provenance MODEL}: prints a model's provenance. */
@Command(
        name = "provenance",
        mixinStandardHelpOptions = true,
        description = "Prints a model file's provenance: trainer settings, training data, run facts (dmad, DJL and "
                + "PyTorch versions, device, threads, seed).")
final class ProvenanceCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "A model file from dmad train.")
    private Path model;

    @Option(names = "--json", description = "Print OLCUT's JSON form instead of the readable one.")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        Model<?> m = ModelStore.load(model);
        System.out.println(
                json
                        ? ProvenanceJson.toJson(m.getProvenance())
                        : ProvenanceUtil.formattedProvenanceString(m.getProvenance()));
        return 0;
    }
}
