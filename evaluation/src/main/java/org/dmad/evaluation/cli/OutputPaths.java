package org.dmad.evaluation.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks a command's output path before it does any work: the output must not be one of the command's inputs
 * (compared after resolving relative paths and symbolic links, and by file identity, so a hard link counts too),
 * and its folder must exist or be creatable, and be writable. Each refusal names the path and the reason.
 */
final class OutputPaths {

    private OutputPaths() {}

    /**
     * Refuses an output file that would overwrite an input or that cannot be written.
     *
     * @param option the output option, for messages ({@code --out}).
     * @param out    the output file.
     * @param inputs the command's input files, by option name and path.
     * @throws IllegalArgumentException naming the output, the input it equals or the reason it cannot be written.
     */
    static void checkFile(String option, Path out, List<Input> inputs) {
        Path target = resolved(out);
        for (Input in : inputs) {
            if (in.path() == null || !Files.exists(in.path())) {
                continue;
            }
            if (target.equals(resolved(in.path())) || sameFile(out, in.path())) {
                throw new IllegalArgumentException(option + " " + out + " is the " + in.option() + " file (" + in.path()
                        + "): writing it would destroy the input; choose another output path");
            }
        }
        if (Files.isDirectory(out)) {
            throw new IllegalArgumentException("Cannot write " + option + " " + out + ": it is a folder; name a "
                    + "file (for example " + out.resolve("out") + ")");
        }
        if (Files.exists(out) && !Files.isWritable(out)) {
            throw new IllegalArgumentException("Cannot write " + option + " " + out + ": the file is read-only");
        }
        checkFolder(option, out, out.toAbsolutePath().getParent());
    }

    /** The files a benchmark writes at the top of its output folder. */
    static final List<String> BENCH_OUTPUTS = List.of("results.csv", "summary.md", "report.html");

    /**
     * Refuses an output folder that is one of the inputs, or that holds an input under a name the command writes
     * there, or that cannot be created or written.
     *
     * @param option  the output option, for messages ({@code --out}).
     * @param out     the output folder.
     * @param inputs  the command's inputs (files or folders), by option name and path.
     * @param written the file names the command writes at the top of the folder.
     * @throws IllegalArgumentException naming the output, the input it would overwrite or the reason it cannot be
     *                                  written.
     */
    static void checkFolderOutput(String option, Path out, List<Input> inputs, List<String> written) {
        Path target = resolved(out);
        for (Input in : inputs) {
            if (in.path() == null || !Files.exists(in.path())) {
                continue;
            }
            Path input = resolved(in.path());
            if (target.equals(input) || sameFile(out, in.path())) {
                throw new IllegalArgumentException(option + " " + out + " is the " + in.option() + " "
                        + (Files.isDirectory(in.path()) ? "folder" : "file") + " (" + in.path() + "): the command "
                        + "would write its results among the inputs; choose another output folder");
            }
            if (!Files.isDirectory(in.path())
                    && target.equals(input.getParent())
                    && written.contains(input.getFileName().toString())) {
                throw new IllegalArgumentException(option + " " + out + " holds the " + in.option() + " file "
                        + in.path() + ", which the command would overwrite; choose another output folder");
            }
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("Cannot write " + option + " " + out + ": it is a file, not a folder");
        }
        checkFolder(option, out, out.toAbsolutePath().normalize());
    }

    /**
     * Checks that a folder exists or can be created, and is writable: the nearest existing ancestor must be a
     * writable folder (a file in its place, or a read-only folder, is refused).
     */
    private static void checkFolder(String option, Path out, Path folder) {
        Path existing = folder;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new IllegalArgumentException(
                    "Cannot write " + option + " " + out + ": no part of " + folder + " exists");
        }
        if (!Files.isDirectory(existing)) {
            throw new IllegalArgumentException("Cannot write " + option + " " + out + ": " + existing + " is a "
                    + (Files.exists(existing) ? "file" : "broken link") + ", not a folder");
        }
        if (!Files.isWritable(existing)) {
            throw new IllegalArgumentException("Cannot write " + option + " " + out + ": " + existing
                    + (existing.equals(folder)
                            ? " is a read-only folder"
                            : " is read-only, so " + folder + " cannot be created"));
        }
        if (!existing.equals(folder)) {
            // Creating the folder now (the command would create it anyway) is the only sure test that it can be
            // made: a read-only file system or a pseudo file system (/proc) says no only when asked.
            try {
                Files.createDirectories(folder);
            } catch (IOException | SecurityException e) {
                throw new IllegalArgumentException("Cannot write " + option + " " + out + ": the folder " + folder
                        + " cannot be created (" + reason(e) + ")");
            }
        }
        try {
            Path probe = Files.createTempFile(folder, ".dmad-probe-", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new IllegalArgumentException("Cannot write " + option + " " + out + ": the folder " + folder
                    + " is not writable (" + reason(e) + ")");
        }
    }

    private static String reason(Exception e) {
        String name = e.getClass().getSimpleName();
        return switch (name) {
            case "AccessDeniedException" -> "permission denied";
            case "FileAlreadyExistsException" -> "a file is in the way";
            case "FileSystemException" -> e.getMessage() == null ? name : e.getMessage();
            default -> e.getMessage() == null ? name : name + ": " + e.getMessage();
        };
    }

    /** The absolute path with links resolved as far as the path exists; the rest appended as written. */
    static Path resolved(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
        } catch (IOException e) {
            return abs;
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * An input of a command.
     *
     * @param option the option that names it, for messages.
     * @param path   the path, or null when not given.
     */
    record Input(String option, Path path) {}
}
