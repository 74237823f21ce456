package io.niknotes.setup.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The options section of every command's help, laid out the same way everywhere: each option's names on a line, its
 * description below, wrapped at spaces only so that a URL or a path is never broken (picocli's own table breaks
 * words at ':' and '/'). One order everywhere: the command's own options, then the servers and settings shared by
 * the commands, then output, then help.
 */
final class HelpLayout {
    /** The shared options, in the order every command lists them after its own. */
    private static final List<String> SHARED = List.of("--database-url", "--admin-url", "--password-file", "--admin-password-file",
            "--connect-timeout", "--env-file", "--redis-url", "--require-redis", "--json", "--quiet", "--verbose", "--no-color",
            "--help", "--version");
    private static final String INDENT = "        ";

    private HelpLayout() {
    }

    static void addTo(CommandLine cl) {
        cl.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, HelpLayout::options);
        cl.getSubcommands().values().forEach(HelpLayout::addTo);
    }

    private static String options(CommandLine.Help help) {
        int width = help.commandSpec().usageMessage().width();
        List<OptionSpec> options = new ArrayList<>(help.commandSpec().options().stream().filter(o -> !o.hidden()).toList());
        options.sort(Comparator.comparingInt(HelpLayout::rank)); // stable: the command's own keep their declared order
        StringBuilder out = new StringBuilder();
        for (OptionSpec o : options) {
            out.append("  ").append(String.join(", ", o.names()));
            if (o.typeInfo().isBoolean() == false && o.arity().max() > 0) out.append('=').append(o.paramLabel());
            out.append(System.lineSeparator());
            for (String d : o.description()) {
                for (String paragraph : d.replace("%n", "\n").replace("%%", "%").split("\n")) {
                    wrap(paragraph.strip(), width, out);
                }
            }
        }
        return out.toString();
    }

    private static int rank(OptionSpec o) {
        int i = SHARED.indexOf(o.longestName());
        return i < 0 ? -1 : i;
    }

    /** Words of {@code text} on lines of at most {@code width} columns, broken at spaces only. */
    static void wrap(String text, int width, StringBuilder out) {
        if (text.isEmpty()) return;
        StringBuilder line = new StringBuilder(INDENT);
        // "env: NAME" and "default: VALUE" stay together
        String glued = text.replaceAll("\\b(env|default): ", "$1:\u00a0");
        for (String token : glued.split(" +")) {
            String word = token.replace('\u00a0', ' ');
            if (line.length() > INDENT.length() && line.length() + 1 + word.length() > width) {
                out.append(line).append(System.lineSeparator());
                line = new StringBuilder(INDENT);
            }
            if (line.length() > INDENT.length()) line.append(' ');
            line.append(word);
        }
        out.append(line).append(System.lineSeparator());
    }
}
