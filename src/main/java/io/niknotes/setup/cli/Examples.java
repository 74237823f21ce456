package io.niknotes.setup.cli;

import picocli.CommandLine;

import java.util.List;
import java.util.Map;

/**
 * The Examples section of every command's help: real invocations (the quickstart, CI use, --json, the common fixes),
 * kept in one place so that the commands' classes stay about their options. Each example is a comment line and a
 * command line; a command line is never wrapped, so URLs and paths stay whole.
 */
final class Examples {
    private Examples() {
    }

    private static final Map<String, List<String>> BY_COMMAND = Map.ofEntries(
            Map.entry("niknotes-setup", List.of(
                    "# a private PostgreSQL + Redis, provisioned, with ./niknotes.db copied",
                    "niknotes-setup init --local --yes",
                    "# your own servers: check them, then provision",
                    "niknotes-setup check && niknotes-setup init",
                    "# how the database and the cache are doing",
                    "niknotes-setup stats")),
            Map.entry("check", List.of(
                    "# everything the other commands need, as one report",
                    "niknotes-setup check",
                    "# in CI: Redis must be there too, one JSON document on stdout",
                    "niknotes-setup check --require-redis --json",
                    "# before a deploy: is the schema the one the migrations build? (exit 8 if not)",
                    "niknotes-setup check --schema",
                    "# a server elsewhere, its admin password from a file",
                    "niknotes-setup check --admin-url postgresql://postgres@db:5432/postgres \\",
                    "    --admin-password-file ./pg-admin.pw")),
            Map.entry("init", List.of(
                    "# provision the configured servers and copy ./niknotes.db",
                    "niknotes-setup init --yes",
                    "# see every statement first (passwords masked), change nothing",
                    "niknotes-setup init --dry-run",
                    "# CI: the admin URL in NIKNOTES_ADMIN_URL, no prompt, a JSON report",
                    "niknotes-setup init --json < /dev/null",
                    "# the app role exists but its password was lost",
                    "niknotes-setup init --reset-password")),
            Map.entry("migrate", List.of(
                    "# apply what is pending",
                    "niknotes-setup migrate",
                    "# what is applied, when and by whom",
                    "niknotes-setup migrate info",
                    "# a concurrent index build failed and left an INVALID index",
                    "niknotes-setup migrate repair-indexes",
                    "# bring a drifted schema back (see check --schema); print the SQL first",
                    "niknotes-setup migrate repair-schema --dry-run")),
            Map.entry("migrate-from-sqlite", List.of(
                    "# copy ./niknotes.db into the database in DATABASE_URL, then verify",
                    "niknotes-setup migrate-from-sqlite",
                    "# read and check everything, write nothing",
                    "niknotes-setup migrate-from-sqlite ~/niknotes/instance/niknotes.db --dry-run",
                    "# keep rows whose parent is missing out, in the reject file",
                    "niknotes-setup migrate-from-sqlite --skip-orphans --reject-file rejects.jsonl",
                    "# interrupted? the same command finishes the copy",
                    "niknotes-setup migrate-from-sqlite")),
            Map.entry("stats", List.of(
                    "# the full report, thresholds in colour",
                    "niknotes-setup stats",
                    "# CI: fail the job when a figure is red",
                    "niknotes-setup stats --json > stats.json",
                    "# watch it while the app runs",
                    "niknotes-setup stats --watch --interval 5")),
            Map.entry("local", List.of(
                    "# start the private servers and provision them",
                    "niknotes-setup init --local",
                    "# where they are, and whether they run",
                    "niknotes-setup local status",
                    "# stop them (the data stays)",
                    "niknotes-setup local stop")));

    /** Adds the Examples section to every command that has examples, and lists the rest under their parent's. */
    static void addTo(CommandLine cl) {
        String name = cl.getCommandSpec().qualifiedName(" ").replaceFirst("^niknotes-setup ", "");
        List<String> lines = BY_COMMAND.get(name);
        if (lines == null && cl.getParent() != null) {
            String parent = cl.getParent().getCommandSpec().qualifiedName(" ").replaceFirst("^niknotes-setup ", "");
            lines = BY_COMMAND.get(parent);
        }
        if (lines != null) {
            List<String> shown = lines;
            var usage = cl.getCommandSpec().usageMessage();
            usage.sectionMap().put("examples", help -> help.createHeading("%nExamples%n")
                    + String.join(System.lineSeparator(), shown.stream().map(l -> "  " + l).toList()) + System.lineSeparator());
            List<String> keys = new java.util.ArrayList<>(usage.sectionKeys());
            keys.remove("examples");
            keys.add(keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER_HEADING), "examples");
            usage.sectionKeys(keys);
        }
        cl.getSubcommands().values().forEach(Examples::addTo);
    }
}
