package org.dmad.tribuo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every golden model file, loaded and written again with {@code serialize()}, gives the same bytes as it did before
 * the models were restructured: the SHA-256 of each re-serialised file is recorded in
 * {@code golden/reserialized.sha256} (written by {@link #main} from the code before the change, never refreshed to
 * make this test pass).
 */
class ReserializationTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    @Test
    void everyGoldenFileReserialisesToTheRecordedBytes() throws Exception {
        Properties recorded = new Properties();
        try (var in = Files.newInputStream(GOLDEN.resolve("reserialized.sha256"))) {
            recorded.load(in);
        }
        List<String> stems = stems();
        assertEquals(new TreeSet<>(recorded.stringPropertyNames()), new TreeSet<>(stems), "recorded files");
        for (String stem : stems) {
            assertEquals(recorded.getProperty(stem), reserializedDigest(stem), stem);
        }
    }

    static List<String> stems() throws Exception {
        try (Stream<Path> files = Files.list(GOLDEN)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".tribuo"))
                    .map(n -> n.substring(0, n.length() - ".tribuo".length()))
                    .sorted()
                    .toList();
        }
    }

    static String reserializedDigest(String stem) throws Exception {
        try (DMADModel model = (DMADModel) ModelFiles.load(GOLDEN.resolve(stem + ".tribuo"))) {
            byte[] bytes = model.serialize().toByteArray();
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
    }

    /**
     * Records the digests (run from tribuo-dmad with the test classpath, before a change to the models).
     *
     * @param args unused.
     * @throws Exception when a file cannot be read or written.
     */
    public static void main(String[] args) throws Exception {
        StringBuilder out = new StringBuilder("# SHA-256 of each golden model file after loading and serialize()\n");
        for (String stem : stems()) {
            out.append(stem).append('=').append(reserializedDigest(stem)).append('\n');
        }
        Files.writeString(GOLDEN.resolve("reserialized.sha256"), out);
    }
}
