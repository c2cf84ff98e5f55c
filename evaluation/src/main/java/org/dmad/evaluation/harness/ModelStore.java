package org.dmad.evaluation.harness;

import org.dmad.tribuo.ModelFiles;
import org.tribuo.Model;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Model files for the command line: Tribuo's protobuf format (through {@link ModelFiles}) for every model that has
 * one, Java serialization for baselines whose libraries have none (Weka's isolation forest, LibSVM). Loading tells
 * the two apart by their first bytes. Both are written atomically.
 */
public final class ModelStore {

    private static final byte[] JAVA_MAGIC = {(byte) 0xAC, (byte) 0xED};

    private ModelStore() {
    }

    /**
     * Saves a model.
     *
     * @param model the model.
     * @param file  the target file.
     * @throws IOException when writing fails; the target is then unchanged.
     */
    public static void save(Model<?> model, Path file) throws IOException {
        try {
            model.serialize();
        } catch (UnsupportedOperationException | IllegalStateException noProto) {
            Path target = file.toAbsolutePath();
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp));
                 ObjectOutputStream oos = new ObjectOutputStream(out)) {
                oos.writeObject(model);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        ModelFiles.save(model, file);
    }

    /**
     * Loads a model saved by {@link #save}.
     *
     * @param file the file.
     * @return the model.
     * @throws IOException naming the file and the problem.
     */
    public static Model<?> load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.io.FileNotFoundException("No model file at " + file);
        }
        byte[] head = new byte[2];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, 2) < 2) {
                throw new IOException("Cannot load a model from " + file + ": the file is empty or truncated");
            }
        }
        if (head[0] != JAVA_MAGIC[0] || head[1] != JAVA_MAGIC[1]) {
            return ModelFiles.load(file);
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file));
             ObjectInputStream ois = new ObjectInputStream(in)) {
            Object o = ois.readObject();
            if (!(o instanceof Model<?> m)) {
                throw new IOException(file + " holds a " + o.getClass().getName() + ", not a Tribuo model");
            }
            return m;
        } catch (ClassNotFoundException | RuntimeException e) {
            throw new IOException("Cannot load a model from " + file + ": " + e.getMessage(), e);
        }
    }
}
