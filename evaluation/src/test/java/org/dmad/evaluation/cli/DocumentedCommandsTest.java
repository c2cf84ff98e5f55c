package org.dmad.evaluation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dmad.evaluation.detectors.DetectorRegistry;
import org.dmad.evaluation.detectors.Profile;
import org.dmad.evaluation.detectors.Task;
import org.dmad.evaluation.harness.SeriesProtocol;
import org.dmad.evaluation.protocol.Protocol;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * README.md, CONTRIBUTING.md and docs/*.md name only commands and options the {@code dmad} command has: every
 * {@code dmad COMMAND ...} in a code block or a code span is read, its command (and subcommand) must exist, each
 * {@code --option} after it must be one of that command's options, and the values written for {@code --detectors},
 * {@code --protocol} and {@code --profile} must be ones the command accepts ({@code a|b|c} alternatives each).
 */
class DocumentedCommandsTest {

    /** A dmad invocation: {@code ./dmad}, {@code dmad} or a path ending in {@code /dmad}, then its words. */
    private static final Pattern INVOCATION = Pattern.compile("(?<![\\w.-])(?:\\S*/)?dmad\\s+([a-z][^`]*)");

    private static final Pattern OPTION =
            Pattern.compile("(?<![\\w-])(--[a-z][a-z0-9-]*)(?:[= ]+([^-\\s\\]\\[)(`][^\\s\\]\\[)(`]*))?");

    @Test
    void everyDocumentedCommandAndOptionExists() throws IOException {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path doc : documents()) {
            List<String> lines = invocations(Files.readString(doc, StandardCharsets.UTF_8));
            for (String line : lines) {
                checked++;
                problems.addAll(check(line).stream()
                        .map(p -> doc.getFileName() + ": " + p + "\n    in: " + line)
                        .toList());
            }
        }
        assertTrue(checked > 30, "only " + checked + " dmad command lines found in the documents");
        assertEquals(List.of(), problems, "the documents name what the dmad command does not have");
    }

    @Test
    void theCheckFindsWhatTheCommandDoesNotHave() {
        assertEquals(List.of(), check("bench --task timeseries --protocol tsb-ad-raw --detectors ts-imdiff,pca"));
        assertEquals(List.of(), check("bench [--protocol semi|semi-clean|unsup] [--detectors LIST] [--out DIR]"));
        assertEquals(List.of(), check("datasets download adbench --to data/adbench"));
        assertEquals(List.of(), check("help bench"));
        assertEquals(1, check("bench --resume").size());
        assertEquals(1, check("train --detectors dte-c").size(), "train takes --detector, not --detectors");
        assertEquals(1, check("bench --detectors dte-c,ts-nope").size());
        assertEquals(2, check("bench --nope --detectors dte-c,ts-nope").size());
        assertEquals(1, check("bench --protocol semi|tsb").size());
        assertEquals(1, check("bench --profile fast").size());
        assertEquals(1, check("datasets fetch adbench").size());
        assertEquals(1, check("benchmark --data x").size());
        assertEquals(1, check("help nothing").size());
    }

    @Test
    void helpBenchSaysTheTsbAdProtocolsScaleBySeriesStatistics() {
        String protocol = String.join(
                " ",
                root().getSubcommands()
                        .get("bench")
                        .getCommandSpec()
                        .findOption("--protocol")
                        .description());
        assertTrue(protocol.contains("tsb-ad-raw") && protocol.contains("channelScale=series"), protocol);
    }

    @Test
    void dmadWithoutACommandNamesEveryCommand() {
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
            assertEquals(2, DMADCli.execute());
        } finally {
            System.setErr(err);
        }
        String message =
                printed.toString(StandardCharsets.UTF_8).lines().findFirst().orElse("");
        for (String command : root().getSubcommands().keySet()) {
            assertTrue(message.contains(command), command + " missing from: " + message);
        }
    }

    @Test
    void benchAndTrainDescribeTheProfilesAlikeWithTheBudgetTheProfileHas() {
        String budget = String.format(java.util.Locale.ROOT, "%,d-step budget", Profile.BUDGET_MAX_STEPS);
        List<String> descriptions = new ArrayList<>();
        for (String command : List.of("bench", "train")) {
            String text = String.join(
                    " ",
                    root().getSubcommands()
                            .get(command)
                            .getCommandSpec()
                            .findOption("--profile")
                            .description());
            assertTrue(text.contains(budget), command + ": " + text);
            for (Profile p : Profile.values()) {
                assertTrue(text.contains(p.name().toLowerCase(java.util.Locale.ROOT) + " ("), command + ": " + text);
            }
            descriptions.add(text.replaceFirst(" \\(default: \\w+\\)\\.$", ""));
        }
        assertEquals(descriptions.get(0), descriptions.get(1), "bench and train describe --profile differently");
    }

    /** README.md, CONTRIBUTING.md and every docs/*.md. */
    private static List<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(Path.of("..", "README.md"), Path.of("..", "CONTRIBUTING.md")));
        try (Stream<Path> s = Files.list(Path.of("..", "docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        for (Path d : docs) {
            assertTrue(Files.isRegularFile(d), d + " is missing");
        }
        return docs;
    }

    /**
     * The dmad invocations of a Markdown text: from fenced code blocks (continuation lines joined, shell comments
     * dropped) and from code spans elsewhere; the words after {@code dmad}.
     */
    static List<String> invocations(String markdown) {
        List<String> out = new ArrayList<>();
        boolean fenced = false;
        StringBuilder joined = new StringBuilder();
        for (String line : markdown.split("\n", -1)) {
            if (line.startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                String code = line.replaceFirst("(^|\\s)#.*$", "");
                if (code.endsWith("\\")) {
                    joined.append(code, 0, code.length() - 1).append(' ');
                    continue;
                }
                joined.append(code);
                collect(joined.toString(), out);
                joined.setLength(0);
            } else {
                Matcher span = Pattern.compile("`([^`]+)`").matcher(line);
                while (span.find()) {
                    collect(span.group(1), out);
                }
            }
        }
        return out;
    }

    private static void collect(String code, List<String> out) {
        for (String part : code.split("[;&|]{2}|; ")) {
            Matcher m = INVOCATION.matcher(part);
            if (m.find()) {
                out.add(m.group(1).replace("\\|", "|").trim());
            }
        }
    }

    /** The problems of one invocation (the words after {@code dmad}); empty when the command has all it names. */
    static List<String> check(String invocation) {
        List<String> problems = new ArrayList<>();
        String[] words = invocation.trim().split("\\s+");
        CommandLine command = root();
        String name = words[0];
        CommandLine sub = command.getSubcommands().get(name);
        if (sub == null) {
            problems.add("no command '" + name + "' (dmad has "
                    + command.getSubcommands().keySet() + ")");
            return problems;
        }
        if (name.equals("help")) {
            if (words.length > 1 && !command.getSubcommands().containsKey(words[1])) {
                problems.add("help names no command '" + words[1] + "'");
            }
            return problems;
        }
        if (!sub.getSubcommands().isEmpty() && words.length > 1 && !words[1].startsWith("-")) {
            CommandLine subsub = sub.getSubcommands().get(words[1]);
            if (subsub == null) {
                problems.add("'" + name + "' has no subcommand '" + words[1] + "' (it has "
                        + sub.getSubcommands().keySet() + ")");
                return problems;
            }
            sub = subsub;
        }
        CommandSpec spec = sub.getCommandSpec();
        Matcher m = OPTION.matcher(invocation);
        while (m.find()) {
            String option = m.group(1);
            if (spec.findOption(option) == null) {
                problems.add("'" + spec.qualifiedName() + "' has no option " + option);
                continue;
            }
            String value = m.group(2);
            if (value != null && value.equals(value.toLowerCase())) {
                for (String v : value.split("\\|")) {
                    String bad = badValue(name, option, v.replaceAll("[.,;:]+$", ""));
                    if (bad != null) {
                        problems.add(option + " " + v + ": " + bad);
                    }
                }
            }
        }
        return problems;
    }

    /** Why a documented value of an option is not accepted, or null when it is (or is not checked). */
    private static String badValue(String command, String option, String value) {
        try {
            switch (option) {
                case "--detectors" -> {
                    Set<String> known = new TreeSet<>(DetectorRegistry.names(Task.TIMESERIES));
                    for (String d : value.split(",")) {
                        if (!d.isEmpty() && !d.equals("all") && !known.contains(d)) {
                            return "no detector '" + d + "'";
                        }
                    }
                }
                case "--protocol" -> {
                    try {
                        Protocol.parse(value);
                    } catch (IllegalArgumentException rows) {
                        SeriesProtocol.parse(value);
                    }
                }
                case "--profile" -> {
                    if (command.equals("bench") || command.equals("train")) {
                        Profile.parse(value);
                    }
                }
                default -> {}
            }
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static CommandLine root() {
        CommandLine cli = new CommandLine(new DMADCli());
        assertFalse(cli.getSubcommands().isEmpty());
        return cli;
    }
}
