package org.dmad.spark;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dmad.evaluation.harness.ModelStore;
import org.tribuo.Model;
import org.tribuo.anomaly.Event;

/**
 * A model file's bytes, the form in which a model is broadcast to executors: Tribuo's protobuf format or Java
 * serialization (the Weka and LibSVM baselines), told apart by their first bytes as the local {@code dmad score}
 * does ({@link ModelStore}); a Java-serialized file's integrity trailer (its SHA-256) is checked, so a damaged or
 * edited file is refused before it is broadcast.
 */
final class ModelBytes {

    private ModelBytes() {}

    /**
     * Reads a model file and checks that it holds an anomaly-detection model.
     *
     * @param file the model file.
     * @return its bytes.
     * @throws IOException when it cannot be read or is not an anomaly-detection model.
     */
    static byte[] read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.io.FileNotFoundException("No model file at " + file);
        }
        byte[] bytes = Files.readAllBytes(file);
        Model<Event> model = load(bytes, file.toString());
        if (model instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // Only the check was needed.
            }
        }
        return bytes;
    }

    /**
     * Rebuilds a model.
     *
     * @param bytes  a model file's bytes.
     * @param source where they came from, for messages.
     * @return a new model instance (the caller closes it).
     * @throws IOException when the bytes are not an anomaly-detection model.
     */
    static Model<Event> load(byte[] bytes, String source) throws IOException {
        if (bytes.length < 2) {
            throw new IOException("Cannot load a model from " + source + ": the file is empty or truncated");
        }
        Model<?> model;
        try {
            if (bytes[0] == (byte) 0xAC && bytes[1] == (byte) 0xED) {
                // Java serialization with ModelStore's SHA-256 trailer, checked as the local dmad score checks it.
                model = ModelStore.fromJavaBytes(bytes, source);
            } else {
                model = Model.deserializeFromStream(new ByteArrayInputStream(bytes));
            }
        } catch (RuntimeException e) {
            throw new IOException("Cannot load a model from " + source + ": " + e.getMessage(), e);
        }
        if (!model.validate(Event.class)) {
            throw new IOException(source + " is not an anomaly-detection model");
        }
        @SuppressWarnings("unchecked")
        Model<Event> anomaly = (Model<Event>) model;
        return anomaly;
    }
}
