package org.dmad.tribuo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.tribuo.Model;

/**
 * Saving and loading Tribuo model files (Tribuo's protobuf format) safely: a save writes a temporary file in the
 * target folder and renames it into place, so an interrupted save never leaves a file that loads as a broken
 * model; a load that fails says which file and why, naming the innermost cause (a truncated file, a newer format
 * version, a class that is not on the classpath).
 */
public final class ModelFiles {

    private ModelFiles() {}

    /**
     * Writes a model atomically.
     *
     * @param model the model.
     * @param file  the target file; replaced if it exists.
     * @throws IOException when writing fails; the target is then unchanged.
     */
    public static void save(Model<?> model, Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp, java.nio.file.StandardOpenOption.CREATE_NEW)) {
                model.serializeToStream(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Reads a model file written by {@link #save} or Tribuo's {@code serializeToFile}.
     *
     * @param file the file.
     * @return the model.
     * @throws IOException naming the file and the innermost cause when it cannot be read as a model.
     */
    public static Model<?> load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.io.FileNotFoundException("No model file at " + file);
        }
        try {
            return Model.deserializeFromFile(file);
        } catch (IOException | RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String why = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
            throw new IOException(
                    "Cannot load a model from " + file + ": " + why
                            + (root instanceof com.google.protobuf.InvalidProtocolBufferException
                                    ? " (the file is truncated, corrupted, or not a Tribuo model)"
                                    : ""),
                    e);
        }
    }

    /**
     * Reads a model file as a model of a given class, so that no cast is needed:
     * {@code DMADModel model = ModelFiles.load(file, DMADModel.class)}.
     *
     * @param file the file.
     * @param type the class the model must have (a superclass or interface of it will do).
     * @param <M>  the model type.
     * @return the model.
     * @throws IOException naming the file and the class it holds when that is not a {@code type}, or when the file
     *                     cannot be read as a model (see {@link #load(Path)}).
     */
    public static <M extends Model<?>> M load(Path file, Class<M> type) throws IOException {
        Model<?> model = load(file);
        if (!type.isInstance(model)) {
            if (model instanceof DMADModel dmad) {
                dmad.close();
            }
            throw new IOException("The model in " + file + " is a "
                    + model.getClass().getName() + " (name '" + model.getName() + "'), not a " + type.getName());
        }
        return type.cast(model);
    }
}
